// Drives LocalAws's SES v2 with the AWS SDK for JavaScript v3, a second real client beside the shop's own.
// Run by SesV2JavaScriptSdkTests with the working directory tools/oracles, where the SDK is installed.
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/`);
const {
  SESv2Client, CreateEmailIdentityCommand, GetEmailIdentityCommand, SendEmailCommand,
} = require('@aws-sdk/client-sesv2');

const client = new SESv2Client({
  endpoint: process.env.LOCALAWS_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDJSSDKTEST', secretAccessKey: 'js-sdk-secret' },
  maxAttempts: 1,
});
const sender = process.env.SES_SENDER;

const created = await client.send(new CreateEmailIdentityCommand({ EmailIdentity: sender }));
const identity = await client.send(new GetEmailIdentityCommand({ EmailIdentity: sender }));
const sent = await client.send(new SendEmailCommand({
  FromEmailAddress: sender,
  Destination: { ToAddresses: ['ann@example.com'], CcAddresses: ['carol@example.com'] },
  ReplyToAddresses: ['help@example.com'],
  Content: { Simple: { Subject: { Data: 'From the JavaScript SDK' }, Body: { Text: { Data: 'Hello from JS' } } } },
}));

async function errorOf(command) {
  try {
    await client.send(command);
    return null;
  } catch (error) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
}

const rejected = await errorOf(new SendEmailCommand({
  FromEmailAddress: `stranger-${Date.now()}@unverified.example.com`,
  Destination: { ToAddresses: ['ann@example.com'] },
  Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
}));
const missing = await errorOf(new GetEmailIdentityCommand({ EmailIdentity: `nobody-${Date.now()}@example.com` }));

console.log(JSON.stringify({
  createdType: created.IdentityType,
  verified: created.VerifiedForSendingStatus,
  verificationStatus: identity.VerificationStatus,
  messageId: sent.MessageId,
  rejected,
  missing,
}));
