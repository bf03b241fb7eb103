/** The failure reported when the workflow is cancelled, by how far the step got. */
import { ActionError } from './action-error.js';
import type { ActionInputs } from './inputs.js';

/**
 * Describes a cancelled step: before the import, during the import call (the
 * image may exist anyway), or while waiting (the image keeps importing).
 */
export function cancelledError(importInFlight: boolean, inputs: ActionInputs, imageId?: string): ActionError {
  if (imageId !== undefined) {
    return new ActionError(`Cancelled while waiting; image ${imageId} is still importing in AWS. Nothing was deleted.`, {
      hints: [`Follow it with: aws workspaces describe-workspace-images --image-ids ${imageId} --region ${inputs.region}`],
    });
  }
  if (importInFlight) {
    return new ActionError('Cancelled during the ImportWorkspaceImage call; AWS may have created the image anyway.', {
      hints: [`Look for an image named "${inputs.imageName}" in the WorkSpaces console in ${inputs.region} before importing again.`],
    });
  }
  return new ActionError('Cancelled before the import started; nothing was created in AWS.');
}
