// Reads a Flowline pipeline from the design shape a person draws in the Camunda Modeler (docs/mapping.md and the
// modeler contract): start event -> stage sub-processes in sequence -> end event; inside a stage, tasks in sequence
// or between a parallel fork and join (one runOrder per task or group); each task carries an action template.
// Answers the CodePipeline declaration and every problem found, each with the id of the element it is about.
// The texts that CreatePipeline also says come from the Java validator (catalog.json, generated).
import catalog from './catalog.json' with { type: 'json' };

const PIPELINE = 'flowline.pipeline.';
const STAGE = 'flowline.stage.';
const ACTION = 'flowline.action.';
const CONFIG = 'flowline.config.';

/** The message `key` of the Java validator with its {placeholders} filled. */
export function message(key, values = {}) {
  return catalog.messages[key].replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

export function actionTypes() {
  return catalog.actionTypes;
}

function is(element, type) {
  return element && typeof element.$instanceOf === 'function' && element.$instanceOf(type);
}

/** The element's own camunda:properties; an empty value is no value (the Modeler writes "" for empty fields). */
export function properties(element) {
  const out = {};
  const values = (element.extensionElements && element.extensionElements.values) || [];
  for (const extension of values) {
    if (extension.$type === 'camunda:Properties') {
      for (const property of extension.values || []) {
        if (property.name && property.value !== undefined && property.value !== '') {
          out[property.name] = property.value;
        }
      }
    }
  }
  return out;
}

/** A process Flowline treats as a pipeline: a Pipeline_ id, or any flowline.pipeline.* property. */
export function isPipeline(process) {
  return is(process, 'bpmn:Process') && ((process.id || '').startsWith('Pipeline_')
    || Object.keys(properties(process)).some(name => name.startsWith(PIPELINE)));
}

function json(element, name, value, problems, rule) {
  if (value === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch (e) {
    problems.push({ rule, id: element.id, message: `${name} must be JSON: ${e.message}` });
    return undefined;
  }
}

function artifactNames(value) {
  if (value === undefined) {
    return [];
  }
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    return JSON.parse(trimmed).map(a => (typeof a === 'string' ? a : a.name));
  }
  return trimmed.split(',').map(name => name.trim()).filter(Boolean);
}

function label(element) {
  return element.name || element.id;
}

/** Sequence flows out of / into an element, from its scope's flows (a file need not list bpmn:outgoing). */
function flows(element, end) {
  const scope = element.$parent;
  return ((scope && scope.flowElements) || []).filter(f => is(f, 'bpmn:SequenceFlow') && f[end] === element);
}

function outgoing(element) {
  return flows(element, 'sourceRef');
}

function incoming(element) {
  return flows(element, 'targetRef');
}

function successors(element) {
  return outgoing(element).map(flow => flow.targetRef);
}

/** Reads `process`; answers { pipeline, problems: [{ rule, id, message }] }. */
export function readDesign(process) {
  const problems = [];
  const report = (rule, element, text) => problems.push({ rule, id: element.id, message: text });
  const p = properties(process);
  const pipeline = { name: process.name };
  if (p[PIPELINE + 'roleArn'] !== undefined) pipeline.roleArn = p[PIPELINE + 'roleArn'];
  for (const member of ['artifactStore', 'artifactStores']) {
    const value = json(process, PIPELINE + member, p[PIPELINE + member], problems, 'design-shape');
    if (value !== undefined) pipeline[member] = value;
  }
  pipeline.stages = [];
  for (const member of ['executionMode', 'pipelineType']) {
    if (p[PIPELINE + member] !== undefined) pipeline[member] = p[PIPELINE + member];
  }
  for (const member of ['variables', 'triggers']) {
    const value = json(process, PIPELINE + member, p[PIPELINE + member], problems, 'design-shape');
    if (value !== undefined) pipeline[member] = value;
  }

  const elements = process.flowElements || [];
  const visited = new Set();
  const stages = walk(process, elements, 'stage', problems, visited);
  for (const stage of stages) {
    pipeline.stages.push(readStage(stage, problems));
  }
  for (const element of elements) {
    if (!visited.has(element) && !is(element, 'bpmn:SequenceFlow') && !is(element, 'bpmn:BoundaryEvent')) {
      report('design-shape', element, `${label(element)} is not on the path from the start event through the stages`
        + ' to the end event: a pipeline is a start event, stages (expanded sub-processes) in sequence, an end event');
    }
  }
  checkPipeline(process, pipeline, problems);
  return { pipeline, problems };
}

/**
 * Follows the sequence from the only start event of `scope` to an end event. At pipeline level every step is a
 * stage; inside a stage a step is a task or a parallel fork/join group. Answers the steps in order.
 */
function walk(scope, elements, kind, problems, visited) {
  const report = (element, text) => problems.push({ rule: 'design-shape', id: element.id, message: text });
  const starts = elements.filter(e => is(e, 'bpmn:StartEvent'));
  if (starts.length !== 1) {
    report(scope, `${label(scope)} must have exactly one start event, it has ${starts.length}`);
    return [];
  }
  const steps = [];
  let current = starts[0];
  visited.add(current);
  for (;;) {
    outgoing(current).forEach(flow => visited.add(flow));
    const next = successors(current);
    if (is(current, 'bpmn:EndEvent')) {
      if (next.length) report(current, 'an end event has no outgoing flow');
      return steps;
    }
    if (next.length !== 1) {
      report(current, `${label(current)} must have exactly one outgoing sequence flow, it has ${next.length}`
        + (kind === 'stage' ? ': stages run one after another' : ': use a parallel fork and join for actions that run together'));
      return steps;
    }
    const target = next[0];
    if (visited.has(target)) {
      report(target, `${label(target)} is reached twice: a pipeline has no loops`);
      return steps;
    }
    visited.add(target);
    if (is(target, 'bpmn:EndEvent')) {
      current = target;
      continue;
    }
    if (kind === 'stage') {
      if (!is(target, 'bpmn:SubProcess')) {
        report(target, `${label(target)} is between stages: only stages (expanded sub-processes) follow one another`
          + ' at the top level; put tasks inside a stage');
        return steps;
      }
      steps.push(target);
      current = target;
    } else if (is(target, 'bpmn:ParallelGateway')) {
      const group = fork(target, problems, visited);
      if (!group) return steps;
      steps.push(group.tasks);
      current = group.join;
    } else if (is(target, 'bpmn:Gateway')) {
      report(target, `${label(target)} is a ${target.$type.replace('bpmn:', '')}: inside a stage only a parallel`
        + ' fork and join pair may group actions that share a runOrder');
      return steps;
    } else if (is(target, 'bpmn:Task') || is(target, 'bpmn:CallActivity') || is(target, 'bpmn:SubProcess')) {
      if (!is(target, 'bpmn:Task')) {
        report(target, `${label(target)} must be a task with an action template applied`);
        return steps;
      }
      steps.push([target]);
      current = target;
    } else {
      report(target, `${label(target)} (${target.$type}) cannot be part of a stage: use tasks with action templates`);
      return steps;
    }
  }
}

/** A parallel fork whose branches are one task each, all meeting at the same parallel join. */
function fork(gateway, problems, visited) {
  const report = (element, text) => problems.push({ rule: 'fork-join', id: element.id, message: text });
  outgoing(gateway).forEach(flow => visited.add(flow));
  const branches = successors(gateway);
  if (branches.length < 2) {
    report(gateway, `${label(gateway)} forks into ${branches.length} branch(es): a fork has at least two`);
    return null;
  }
  let join = null;
  for (const task of branches) {
    visited.add(task);
    if (!is(task, 'bpmn:Task')) {
      report(task, `${label(task)}: each branch of the fork ${label(gateway)} is exactly one task`);
      return null;
    }
    outgoing(task).forEach(flow => visited.add(flow));
    const after = successors(task);
    if (after.length !== 1 || !is(after[0], 'bpmn:ParallelGateway')) {
      report(task, `${label(task)}: each branch of the fork ${label(gateway)} ends at one parallel join`);
      return null;
    }
    if (join && join !== after[0]) {
      report(after[0], `the branches of the fork ${label(gateway)} meet at different joins: ${label(join)} and ${label(after[0])}`);
      return null;
    }
    join = after[0];
  }
  visited.add(join);
  if (incoming(join).length !== branches.length) {
    report(join, `${label(join)} joins ${incoming(join).length} flows, but the fork ${label(gateway)} has ${branches.length} branches`);
    return null;
  }
  return { tasks: branches, join };
}

function readStage(subProcess, problems) {
  const p = properties(subProcess);
  const stage = { name: subProcess.name, actions: [] };
  for (const member of ['onFailure', 'onSuccess', 'beforeEntry', 'blockers']) {
    const value = json(subProcess, STAGE + member, p[STAGE + member], problems, 'design-shape');
    if (value !== undefined) stage[member] = value;
  }
  const visited = new Set();
  const groups = walk(subProcess, subProcess.flowElements || [], 'action', problems, visited);
  groups.forEach((tasks, index) => {
    for (const task of tasks) {
      const action = readAction(task, index + 1, stage, problems);
      if (action) stage.actions.push(action);
    }
  });
  for (const element of subProcess.flowElements || []) {
    if (!visited.has(element) && !is(element, 'bpmn:SequenceFlow') && !is(element, 'bpmn:BoundaryEvent')) {
      problems.push({ rule: 'design-shape', id: element.id, message: `${label(element)} is not on the path from `
        + `the start event to the end event of stage ${label(subProcess)}` });
    }
  }
  Object.defineProperty(stage, '$element', { value: subProcess, enumerable: false });
  return stage;
}

function readAction(task, runOrder, stage, problems) {
  const report = (rule, text) => problems.push({ rule, id: task.id, message: text });
  const p = properties(task);
  const topic = p[ACTION + 'actionTypeId'];
  if (!topic) {
    report('action-template', `${label(task)} in stage ${stage.name || ''} has no action template: apply one of the `
      + 'Flowline action templates (the task is an action of the stage)');
    return null;
  }
  const [category, owner, provider, version] = topic.split('/');
  const type = catalog.actionTypes.find(t => t.category === category && t.owner === owner
    && t.provider === provider && t.version === version);
  if (!type) {
    report('action-template', `${label(task)}: action type ${topic} is not one this Flowline runs`);
  }
  const action = {
    name: task.name,
    actionTypeId: { category, owner, provider, version },
    runOrder
  };
  const configuration = {};
  for (const [name, value] of Object.entries(p)) {
    if (name.startsWith(CONFIG)) configuration[name.substring(CONFIG.length)] = value;
  }
  if (Object.keys(configuration).length) action.configuration = configuration;
  const json = (member) => {
    const value = p[ACTION + member];
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (e) {
      report('action-template', `${label(task)}: ${member} must be JSON: ${e.message}`);
      return undefined;
    }
  };
  const commands = json('commands');
  if (commands !== undefined) action.commands = commands;
  try {
    action.outputArtifacts = artifactNames(p[ACTION + 'outputArtifacts']).map(name => ({ name }));
    action.inputArtifacts = artifactNames(p[ACTION + 'inputArtifacts']).map(name => ({ name }));
  } catch (e) {
    report('artifacts', `${label(task)}: artifacts must be names separated by commas, or a JSON array: ${e.message}`);
    action.outputArtifacts = [];
    action.inputArtifacts = [];
  }
  for (const member of ['outputVariables', 'environmentVariables']) {
    const value = json(member);
    if (value !== undefined) action[member] = value;
  }
  for (const member of ['roleArn', 'region', 'namespace']) {
    if (p[ACTION + member] !== undefined) action[member] = p[ACTION + member];
  }
  if (p[ACTION + 'timeoutInMinutes'] !== undefined) action.timeoutInMinutes = Number(p[ACTION + 'timeoutInMinutes']);
  if (type) {
    for (const key of type.requiredConfiguration) {
      if (configuration[key] === undefined) {
        report('action-template', message('missingConfiguration', { action: task.name, key }));
      }
    }
    for (const [kind, list] of [['input', action.inputArtifacts], ['output', action.outputArtifacts]]) {
      const [min, max] = type[kind + 'Artifacts'];
      if (list.length < min) {
        report('artifacts', message('tooFewArtifacts', { action: task.name, count: list.length, kind, limit: min }));
      } else if (list.length > max) {
        report('artifacts', message('tooManyArtifacts', { action: task.name, count: list.length, kind, limit: max }));
      }
    }
  }
  Object.defineProperty(action, '$element', { value: task, enumerable: false });
  return action;
}

function checkPipeline(process, pipeline, problems) {
  const namePattern = new RegExp(catalog.namePattern);
  const report = (rule, element, text) => problems.push({ rule, id: element.id, message: text });
  if (pipeline.stages.length < 2) {
    report('stages', process, message('minimumStages', { count: pipeline.stages.length }));
  }
  const stageNames = new Set();
  pipeline.stages.forEach((stage, index) => {
    const element = stage.$element;
    if (!stage.name || !namePattern.test(stage.name) || stage.name.length > catalog.nameMaxLength) {
      report('names', element, `Stage name '${stage.name || ''}' must be 1 to ${catalog.nameMaxLength} characters `
        + `of ${catalog.namePattern}`);
    } else if (stageNames.has(stage.name)) {
      report('names', element, message('duplicateStageName', { stage: stage.name }));
    }
    stageNames.add(stage.name);
    const actionNames = new Set();
    for (const action of stage.actions) {
      if (!action.name || !namePattern.test(action.name) || action.name.length > catalog.nameMaxLength) {
        report('names', action.$element, `Action name '${action.name || ''}' must be 1 to ${catalog.nameMaxLength} `
          + `characters of ${catalog.namePattern}`);
      } else if (actionNames.has(action.name)) {
        report('names', action.$element, message('duplicateActionName', { action: action.name, stage: stage.name }));
      }
      actionNames.add(action.name);
      const source = action.actionTypeId.category === 'Source';
      if (index > 0 && source) {
        report('stages', action.$element, message('sourceOnlyInFirstStage'));
      }
      if (index === 0 && !source) {
        report('stages', action.$element, message('firstStageOnlySource'));
      }
    }
  });
  // every input artifact is the output of an action in an earlier stage, or earlier in the same stage
  const producers = new Map();
  pipeline.stages.forEach((stage, s) => stage.actions.forEach(action => action.outputArtifacts
    .forEach(artifact => producers.set(artifact.name, { stage: s, runOrder: action.runOrder, action, stageName: stage.name }))));
  pipeline.stages.forEach((stage, s) => stage.actions.forEach(action => action.inputArtifacts.forEach(artifact => {
    const producer = producers.get(artifact.name);
    const values = { artifact: artifact.name, action: action.name, stage: stage.name };
    if (!producer) {
      report('artifacts', action.$element, message('inputNotProduced', values));
    } else if (producer.stage > s || (producer.stage === s && producer.runOrder >= action.runOrder)) {
      report('artifacts', action.$element, message('inputNotBefore',
        { ...values, producer: producer.action.name, producerStage: producer.stageName }));
    }
  })));
}

/** The CodePipeline JSON of a design (`aws codepipeline create-pipeline --cli-input-json`). */
export function toCodePipelineJson(process) {
  const { pipeline, problems } = readDesign(process);
  return { json: JSON.stringify({ pipeline }, null, 2) + '\n', problems };
}
