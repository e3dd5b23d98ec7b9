// A bpmn-js module for the Modeler's BPMN editor: the editor action behind the menu entry. It reads the open
// diagram's pipeline (lib/design.mjs) and saves it as CodePipeline JSON, the shape `aws codepipeline
// create-pipeline --cli-input-json` takes, for people who keep the JSON in git.
import { toCodePipelineJson } from '../lib/design.mjs';

export const ACTION = 'flowline.exportCodePipelineJson';

/** The process of the diagram: the root, or the first participant's process of a collaboration. */
export function processOf(root) {
  if (root.$type === 'bpmn:Collaboration') {
    const participant = (root.participants || []).find(p => p.processRef);
    return participant ? participant.processRef : null;
  }
  return root;
}

export function FlowlineExport(editorActions, canvas, eventBus) {
  editorActions.register(ACTION, () => {
    const process = processOf(canvas.getRootElement().businessObject);
    if (!process) {
      return null;
    }
    const { json, problems } = toCodePipelineJson(process);
    eventBus.fire('flowline.exported', { json, problems });
    if (typeof document !== 'undefined') {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      link.download = `${process.name || process.id}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    }
    return { json, problems };
  });
}

FlowlineExport.$inject = ['editorActions', 'canvas', 'eventBus'];

export default {
  __init__: ['flowlineExport'],
  flowlineExport: ['type', FlowlineExport]
};
