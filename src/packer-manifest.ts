/**
 * Packer's manifest post-processor output: which AMI the last `packer build`
 * produced for a Region. Builds accumulate across runs in one file, so they
 * are selected by `packer_run_uuid == last_run_uuid`, never by position.
 */
import { REGION_PATTERN } from './partition.js';

/** One build entry of a manifest, as Packer writes it. */
export interface PackerBuild {
  name: string;
  builderType: string;
  /** Amazon builders: `region:ami-id` pairs, comma-separated. */
  artifactId: string;
  runUuid: string;
}

export interface PackerManifest {
  lastRunUuid: string;
  builds: PackerBuild[];
}

/** A result, or the problem that prevented it; `unknownBuildName` marks a build name that matched nothing. */
export type ManifestResult<T> = { ok: true; value: T } | { ok: false; problem: string; unknownBuildName?: boolean };

/** Parses manifest text; the problem names what is missing or malformed. */
export function parsePackerManifest(text: string): ManifestResult<PackerManifest> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem:
        `is not valid JSON (${error instanceof Error ? error.message : String(error)}). ` +
        "Packer's manifest post-processor writes the file when the build ends: check that packer build finished " +
        'in this job before this step, and that no other step changed the file.',
    };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problem: 'is not a Packer manifest: expected a JSON object with "builds" and "last_run_uuid".' };
  }
  const record = data as Record<string, unknown>;
  if (!Array.isArray(record['builds'])) {
    return { ok: false, problem: 'has no "builds" list: is it the output of Packer\'s manifest post-processor?' };
  }
  if (typeof record['last_run_uuid'] !== 'string' || record['last_run_uuid'] === '') {
    return { ok: false, problem: 'has no "last_run_uuid": is it the output of Packer\'s manifest post-processor?' };
  }

  const builds: PackerBuild[] = [];
  for (const entry of record['builds'] as unknown[]) {
    if (entry === null || typeof entry !== 'object') {
      continue;
    }
    const build = entry as Record<string, unknown>;
    builds.push({
      name: typeof build['name'] === 'string' ? build['name'] : '',
      builderType: typeof build['builder_type'] === 'string' ? build['builder_type'] : '',
      artifactId: typeof build['artifact_id'] === 'string' ? build['artifact_id'] : '',
      runUuid: typeof build['packer_run_uuid'] === 'string' ? build['packer_run_uuid'] : '',
    });
  }
  return { ok: true, value: { lastRunUuid: record['last_run_uuid'], builds } };
}

/**
 * Splits an Amazon artifact id (`us-east-1:ami-1,eu-west-1:ami-2`) into Region
 * to AMI pairs. Pairs that are not a Region and an `ami-` id, such as a Docker
 * builder's `sha256:…`, are left out.
 */
export function artifactAmis(artifactId: string): Map<string, string> {
  const amis = new Map<string, string>();
  for (const pair of artifactId.split(',')) {
    const separator = pair.indexOf(':');
    const region = pair.slice(0, separator).trim();
    const ami = pair.slice(separator + 1).trim();
    if (separator > 0 && REGION_PATTERN.test(region) && ami.startsWith('ami-')) {
      amis.set(region, ami);
    }
  }
  return amis;
}

/** The AMI picked from a manifest, with the build it came from. */
export interface ManifestSelection {
  ec2ImageId: string;
  buildName: string;
  runUuid: string;
}

/**
 * Picks the AMI of the last run for `region`. With several builds in the
 * last run, `buildName` must name one of them.
 */
export function selectManifestAmi(
  manifest: PackerManifest,
  region: string,
  buildName: string | undefined,
): ManifestResult<ManifestSelection> {
  const lastRun = manifest.builds.filter((build) => build.runUuid === manifest.lastRunUuid);
  if (lastRun.length === 0) {
    return {
      ok: false,
      problem:
        `lists no build of its last run (last_run_uuid ${manifest.lastRunUuid}) among its ${manifest.builds.length} builds. ` +
        'Run packer build again, or check that the manifest is the one this build wrote.',
    };
  }

  const names = lastRun.map((build) => build.name || '(unnamed)').join(', ');
  let build: PackerBuild | undefined;
  if (buildName !== undefined) {
    build = lastRun.find((candidate) => candidate.name === buildName);
    if (build === undefined) {
      return {
        ok: false,
        unknownBuildName: true,
        problem: `has no build named "${buildName}" in its last run; the builds of that run are: ${names}. Set packer-build-name to one of them.`,
      };
    }
  } else if (lastRun.length > 1) {
    return {
      ok: false,
      problem: `lists ${lastRun.length} builds in its last run (${names}): set packer-build-name to the one to import.`,
    };
  } else {
    build = lastRun[0];
  }
  if (build === undefined) {
    return { ok: false, problem: 'lists no build to import.' };
  }

  const amis = artifactAmis(build.artifactId);
  const ami = amis.get(region);
  if (ami === undefined) {
    const regions = [...amis.keys()];
    return {
      ok: false,
      problem:
        regions.length === 0
          ? `build "${build.name}" has artifact_id "${build.artifactId}", which is not a list of REGION:ami-ID pairs. ` +
            'Only Amazon EBS builders produce AMIs.'
          : `build "${build.name}" made no AMI in ${region}; it has AMIs in ${regions.join(', ')}. ` +
            'Add the Region to ami_regions in the Packer template, or set aws-region to one of these.',
    };
  }
  return { ok: true, value: { ec2ImageId: ami, buildName: build.name, runUuid: build.runUuid } };
}
