/**
 * Starts the emulator until Ctrl-C and prints the environment variables that
 * point the action (or the AWS CLI) at it.
 *
 * Usage: node test/emulator/standalone.ts [PORT]
 */
import { startEmulator } from './index.ts';

const portArgument = process.argv[2];
const port = portArgument === undefined ? 0 : Number(portArgument);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port '${portArgument ?? ''}'. Pass a number from 0 to 65535, or nothing for an ephemeral port.`);
  process.exit(2);
}

const emulator = await startEmulator({ port });
const env = {
  ...emulator.env(),
  AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
};

console.log(`AWS emulator listening on ${emulator.url}`);
console.log(`Role to assume: ${emulator.defaultRoleArn} (audience sts.amazonaws.com)`);
console.log('Environment for the action:');
for (const [name, value] of Object.entries(env)) console.log(`export ${name}='${value}'`);
console.log('Press Ctrl-C to stop.');

process.once('SIGINT', () => {
  console.log(`Stopping after ${emulator.calls.length} requests.`);
  emulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Failed to stop the emulator', error);
      process.exit(1);
    },
  );
});
