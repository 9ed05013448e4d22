// The AWS SDK for JavaScript v3 as a peer: resolves PROFILE from the shared config files
// (SSO sessions, login sessions — refreshing them and writing the cache back as the SDK
// does) and prints what STS says about the credentials, as JSON.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";

const profile = process.argv[2];
const client = new STSClient({
  region: "us-east-1",
  credentials: fromIni({ profile }),
  maxAttempts: 1,
});
const { UserId, Account, Arn } = await client.send(new GetCallerIdentityCommand({}));
console.log(JSON.stringify({ UserId, Account, Arn }));
