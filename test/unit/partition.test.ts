import { describe, expect, it } from 'vitest';
import { PARTITION_IDS, REGION_PATTERN, imageConsoleUrl, partitionOf } from '../../src/partition.ts';

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws', 'sts.amazonaws.com'],
    ['eu-central-1', 'aws', 'sts.amazonaws.com'],
    ['ap-southeast-2', 'aws', 'sts.amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'sts.amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'sts.amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'sts.amazonaws.com'],
    ['us-gov-east-1', 'aws-us-gov', 'sts.amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'sts.amazonaws.com'],
    ['us-isob-east-1', 'aws-iso-b', 'sts.amazonaws.com'],
    ['us-isof-south-1', 'aws-iso-f', 'sts.amazonaws.com'],
    ['eu-isoe-west-1', 'aws-iso-e', 'sts.amazonaws.com'],
    ['eusc-de-east-1', 'aws-eusc', 'sts.amazonaws.com'],
  ])('maps %s', (region, id, audience) => {
    const partition = partitionOf(region);
    expect(partition.id).toBe(id);
    expect(partition.defaultAudience).toBe(audience);
  });

  it('treats an unknown prefix as aws', () => {
    expect(partitionOf('xx-east-1').id).toBe('aws');
  });

  it('lists every partition id once', () => {
    expect(new Set(PARTITION_IDS).size).toBe(PARTITION_IDS.length);
    expect(PARTITION_IDS).toContain('aws');
    expect(PARTITION_IDS).toContain('aws-cn');
    expect(PARTITION_IDS).toContain('aws-us-gov');
  });
});

describe('REGION_PATTERN', () => {
  it.each(['us-east-1', 'us-gov-west-1', 'cn-northwest-1', 'eusc-de-east-1', 'ap-southeast-10'])('accepts %s', (region) => {
    expect(REGION_PATTERN.test(region)).toBe(true);
  });

  it.each(['us-east', 'US-EAST-1', 'us_east_1', 'us-east-123', 'aws-global', ''])('rejects %j', (region) => {
    expect(REGION_PATTERN.test(region)).toBe(false);
  });
});

describe('imageConsoleUrl', () => {
  it('links to the standard console', () => {
    expect(imageConsoleUrl('us-east-1', 'wsi-0123456789')).toBe(
      'https://console.aws.amazon.com/workspaces/home?region=us-east-1#images:search=wsi-0123456789',
    );
  });

  it('links to the China console', () => {
    expect(imageConsoleUrl('cn-north-1', 'wsi-0123456789')).toBe(
      'https://console.amazonaws.cn/workspaces/home?region=cn-north-1#images:search=wsi-0123456789',
    );
  });

  it('links to the GovCloud console', () => {
    expect(imageConsoleUrl('us-gov-west-1', 'wsi-0123456789')).toBe(
      'https://console.amazonaws-us-gov.com/workspaces/home?region=us-gov-west-1#images:search=wsi-0123456789',
    );
  });

  it.each(['us-iso-east-1', 'us-isob-east-1', 'us-isof-south-1', 'eu-isoe-west-1', 'eusc-de-east-1'])(
    'returns undefined for %s',
    (region) => {
      expect(imageConsoleUrl(region, 'wsi-0123456789')).toBeUndefined();
    },
  );

  it('encodes the image id', () => {
    const url = imageConsoleUrl('us-east-1', 'wsi-1"><script>&x=1#y');
    expect(url).toBe(
      'https://console.aws.amazon.com/workspaces/home?region=us-east-1#images:search=wsi-1%22%3E%3Cscript%3E%26x%3D1%23y',
    );
  });

  it('encodes the region', () => {
    const url = imageConsoleUrl('us-east-1&x=<y>', 'wsi-0123456789');
    expect(url).toContain('?region=us-east-1%26x%3D%3Cy%3E#');
  });
});
