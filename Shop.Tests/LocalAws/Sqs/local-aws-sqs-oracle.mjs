// Starts local-aws-sqs (the npm package has no command line) for the SQS differential tests.
// Usage: node local-aws-sqs-oracle.mjs PORT   (run with tools/oracles as the working directory)
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const { createSqsServer } = require("local-aws-sqs");

const port = Number(process.argv[2]);
await createSqsServer({
  port,
  hostname: "127.0.0.1",
  accountId: "000000000000",
  region: "us-east-1",
  emulateQueueCreationLifecycle: false,
});
console.log(`local-aws-sqs listening on ${port}`);
