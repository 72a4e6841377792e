// Puts and gets objects with the AWS SDK for JavaScript v3 at its default (flexible checksum) settings.
// Run by S3JavaScriptSdkTests with tools/oracles as the working directory, where @aws-sdk/client-s3 is installed.
import { createRequire } from "node:module";
import { join } from "node:path";
import { Readable } from "node:stream";

const require = createRequire(join(process.cwd(), "package.json"));
const { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } = require("@aws-sdk/client-s3");

const client = new S3Client({
  endpoint: process.env.LOCALAWS_URL,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "AKIDJAVASCRIPT", secretAccessKey: "local-test-secret" },
});
const bucket = process.env.BUCKET;
const payload = Buffer.from("Invoice from the JavaScript SDK: " + "x".repeat(100_000));

const putString = await client.send(new PutObjectCommand({ Bucket: bucket, Key: "js/string.txt", Body: payload.toString("utf8"), ContentType: "text/plain" }));
// A stream of unknown content makes the SDK send aws-chunked with a trailing checksum.
const putStream = await client.send(new PutObjectCommand({ Bucket: bucket, Key: "js/stream.txt", Body: Readable.from([payload.subarray(0, 50_000), payload.subarray(50_000)]), ContentLength: payload.length, ContentType: "text/plain" }));
const get = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "js/stream.txt", ChecksumMode: "ENABLED" }));
const body = await get.Body.transformToString();
const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: "js/string.txt" }));

console.log(JSON.stringify({
  putStringETag: putString.ETag,
  putStreamETag: putStream.ETag,
  putStreamChecksum: putStream.ChecksumCRC32 ?? putStream.ChecksumCRC64NVME ?? null,
  getChecksum: get.ChecksumCRC32 ?? get.ChecksumCRC64NVME ?? null,
  getLength: body.length,
  getMatches: body === payload.toString("utf8"),
  headLength: head.ContentLength,
}));
