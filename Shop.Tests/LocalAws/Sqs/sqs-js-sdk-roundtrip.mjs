// Drives LocalAws with the AWS SDK for JavaScript v3 (a second, independent client): create a queue, send a message
// and a batch with attributes, receive, check digests, delete. The SDK verifies MD5OfBody itself; this script also
// recomputes MD5OfMessageAttributes by AWS's documented algorithm. Prints one JSON line with what it saw.
// Usage (working directory tools/oracles): LOCALAWS_URL=http://127.0.0.1:PORT QUEUE_NAME=name node sqs-js-sdk-roundtrip.mjs
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const sqs = require("@aws-sdk/client-sqs");

const client = new sqs.SQSClient({
  endpoint: process.env.LOCALAWS_URL,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDJSSDK", secretAccessKey: "js-secret" },
  maxAttempts: 1,
});

function attributesDigest(attributes) {
  const parts = [];
  const prefixed = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    prefixed(Buffer.from(name, "utf8"));
    prefixed(Buffer.from(value.DataType, "utf8"));
    if (value.DataType.startsWith("Binary")) {
      parts.push(Buffer.from([2]));
      prefixed(Buffer.from(value.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      prefixed(Buffer.from(value.StringValue, "utf8"));
    }
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}

const attributes = {
  kind: { DataType: "String", StringValue: "order-placed" },
  total: { DataType: "Number", StringValue: "19.99" },
  blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3, 250]) },
};

const { QueueUrl } = await client.send(new sqs.CreateQueueCommand({ QueueName: process.env.QUEUE_NAME }));
const sent = await client.send(new sqs.SendMessageCommand({ QueueUrl, MessageBody: "héllo from JavaScript", MessageAttributes: attributes }));
if (sent.MD5OfMessageAttributes !== attributesDigest(attributes)) {
  throw new Error(`MD5OfMessageAttributes ${sent.MD5OfMessageAttributes} != ${attributesDigest(attributes)}`);
}
const batch = await client.send(new sqs.SendMessageBatchCommand({
  QueueUrl,
  Entries: [
    { Id: "one", MessageBody: "batch one" },
    { Id: "two", MessageBody: "batch two", MessageAttributes: { kind: { DataType: "String", StringValue: "batched" } } },
  ],
}));

const received = [];
while (received.length < 3) {
  const response = await client.send(new sqs.ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"],
  }));
  if (!response.Messages || response.Messages.length === 0) break;
  received.push(...response.Messages);
}
for (const message of received) {
  if (message.MessageAttributes && message.MD5OfMessageAttributes !== attributesDigest(message.MessageAttributes)) {
    throw new Error(`received MD5OfMessageAttributes mismatch for ${message.MessageId}`);
  }
}
await client.send(new sqs.DeleteMessageBatchCommand({
  QueueUrl,
  Entries: received.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
}));
const after = await client.send(new sqs.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
const attributesAfter = await client.send(new sqs.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));

let missingQueue = null;
try {
  await client.send(new sqs.GetQueueUrlCommand({ QueueName: process.env.QUEUE_NAME + "-absent" }));
} catch (error) {
  missingQueue = error.name;
}

console.log(JSON.stringify({
  queueUrl: QueueUrl,
  sentMessageId: sent.MessageId,
  batchSuccessful: batch.Successful.map((s) => s.Id),
  bodies: received.map((m) => m.Body).sort(),
  total: received.find((m) => m.MessageAttributes?.total)?.MessageAttributes.total.StringValue ?? null,
  blob: Array.from(received.find((m) => m.MessageAttributes?.blob)?.MessageAttributes.blob.BinaryValue ?? []),
  receiveCounts: received.map((m) => m.Attributes.ApproximateReceiveCount),
  senderIds: [...new Set(received.map((m) => m.Attributes.SenderId))],
  emptyAfterDelete: !after.Messages || after.Messages.length === 0,
  visibleAfter: attributesAfter.Attributes.ApproximateNumberOfMessages,
  inFlightAfter: attributesAfter.Attributes.ApproximateNumberOfMessagesNotVisible,
  missingQueue,
}));
