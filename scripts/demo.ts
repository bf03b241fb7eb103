/**
 * Runs the bundled action once against the local AWS emulator, the way a
 * release workflow would after a Packer build, and prints its log, outputs
 * and job summary as text.
 *
 *   npm start                  import and wait until the image is AVAILABLE
 *   npm start -- --error       the image fails ingestion with validation errors
 *   npm start -- --no-wait     import only, as with wait-for-available: false
 */
import { startEmulator, type TimelineStep } from '../test/emulator/index.ts';
import { runAction } from '../test/support/action-runner.ts';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((arg) => !['--error', '--no-wait'].includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(' ')}. Options: --error, --no-wait.`);
  process.exit(2);
}

const AMI = 'ami-0a1b2c3d4e5f67890';
const timeline: TimelineStep[] = args.has('--error')
  ? [
      { state: 'PENDING', forMs: 4000 },
      {
        state: 'ERROR',
        errorCode: 'ValidationFailed',
        errorMessage: 'The image did not pass BYOL validation.',
        errorDetails: [
          { ErrorCode: 'WindowsUpdatesEnabled', ErrorMessage: 'Windows Update service is running.' },
          { ErrorCode: 'AmazonSsmAgentEnabled', ErrorMessage: 'Amazon SSM Agent is enabled.' },
        ],
      },
    ]
  : [{ state: 'PENDING', forMs: 5000 }, { state: 'AVAILABLE' }];

const RELEASE = 'v1.4.0';
const emulator = await startEmulator({
  amis: [AMI],
  timeline,
  oidc: { subject: `repo:octo-org/octo-repo:ref:refs/tags/${RELEASE}` },
});
try {
  // The AMI as Packer's amazon-ebs builder writes it in packer-manifest.json: "region:ami-id".
  const inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': emulator.defaultRoleArn,
    'ec2-image-id': `us-east-1:${AMI}`,
    'ingestion-process': 'BYOL_REGULAR_WSP',
    'image-name': `win11-${RELEASE}`,
    tags: `team=end-user-computing\nrelease=${RELEASE}`,
    'wait-for-available': args.has('--no-wait') ? 'false' : 'true',
    'poll-interval-seconds': '2',
  };

  console.log(`Local AWS emulator on ${emulator.url} (GitHub OIDC, STS and WorkSpaces).`);
  console.log('Running dist/index.js with:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${value.replace(/\n/g, '\\n')}`);
  }
  console.log(`\n── Step log ${'─'.repeat(50)}`);

  const result = await runAction({
    inputs,
    env: { ...emulator.env(), GITHUB_REF: `refs/tags/${RELEASE}` },
    onSpawn: (child) => child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(showLog(chunk.toString()))),
  });

  console.log(`\n── Exit code ${'─'.repeat(49)}\n${result.exitCode}`);
  console.log(`\n── Outputs ${'─'.repeat(51)}`);
  for (const [name, value] of Object.entries(result.outputs)) {
    console.log(`  ${name} = ${value}`);
  }
  console.log(`\n── Job summary ${'─'.repeat(47)}\n${htmlToText(result.summary)}`);
  console.log(`\n── AWS calls ${'─'.repeat(49)}`);
  for (const call of emulator.calls) {
    console.log(`  ${call.service.padEnd(10)} ${call.operation.padEnd(28)} HTTP ${call.status ?? '-'}`);
  }
} finally {
  await emulator.close();
}

/** Shows workflow commands the way the runner's log does, hiding masks and debug lines. */
function showLog(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
    .map((line) => line.replace(/^::(error|warning)::/, (_match, level: string) => `${level.toUpperCase()}: `).replace(/%0A/g, '\n'))
    .join('\n');
}

/** Renders the summary's HTML as plain text: headings, table rows, list items and paragraphs. */
function htmlToText(html: string): string {
  const decode = (text: string): string =>
    text
      .replace(/<br>/g, ', ')
      .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '$2 ($1)')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&#124;/g, '|')
      .replace(/&amp;/g, '&');
  return html
    .replace(/<h2>(.*?)<\/h2>/g, (_m, text: string) => `\n${decode(text)}\n`)
    .replace(/<h3>(.*?)<\/h3>/g, (_m, text: string) => `\n${decode(text)}\n`)
    .replace(/<tr>(.*?)<\/tr>/g, (_m, row: string) => {
      const cells = [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((cell) => decode(cell[1] ?? ''));
      return `  ${cells.join('  |  ')}\n`;
    })
    .replace(/<li>(.*?)<\/li>/g, (_m, text: string) => `  - ${decode(text)}\n`)
    .replace(/<p>(.*?)<\/p>/g, (_m, text: string) => `${decode(text)}\n`)
    .replace(/<\/?(table|ul)>/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
