// The Flowline lint rules on design-shape BPMN, with bpmnlint's own Linter and the moddle the Modeler uses
// (bpmn-moddle + camunda-bpmn-moddle): a valid design has no report, each invalid one the report it is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import bpmnlint from 'bpmnlint';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { config, resolver } from '../lib/rules.mjs';
import catalog from '../lib/catalog.json' with { type: 'json' };
import { design, task, TYPES, validStages } from './fixtures/design.mjs';

const moddle = new BpmnModdle({ camunda });

async function lint(xml) {
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  assert.deepEqual(warnings.map(w => w.message), []);
  const reports = await new bpmnlint.Linter({ config, resolver }).lint(rootElement);
  return Object.entries(reports).flatMap(([rule, list]) => list.map(r => ({ rule, id: r.id, message: r.message })));
}

function stages(edit) {
  const s = validStages();
  edit(s);
  return s;
}

test('a valid design (source stage, parallel group, approval) has no lint report', async () => {
  assert.deepEqual(await lint(design({ stages: validStages() })), []);
});

test('a process that is not a pipeline is not checked', async () => {
  const xml = design({ stages: [{ name: 'Only', groups: [[task('x', null)]] }], pipeline: {
    'flowline.pipeline.roleArn': undefined, 'flowline.pipeline.pipelineType': undefined,
    'flowline.pipeline.executionMode': undefined, 'flowline.pipeline.artifactStore': undefined } });
  assert.deepEqual(await lint(xml), []);
});

test('one stage: AWS says a pipeline has at least two', async () => {
  const reports = await lint(design({ stages: validStages().slice(0, 1) }));
  assert.deepEqual(reports, [{ rule: 'flowline/stages', id: 'Process_Design',
    message: 'Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline' }]);
  assert.ok(catalog.messages.minimumStages.includes('{count}'));
});

test('a source action outside the first stage, and a first stage with a non-source action', async () => {
  const reports = await lint(design({ stages: stages(s => {
    s[1].groups.push([task('Again', TYPES.s3Source, { config: { S3Bucket: 'b', S3ObjectKey: 'k' }, output: 'Other' })]);
    s[0].groups.push([task('Early', TYPES.codeBuild, { config: { ProjectName: 'p' }, input: 'Src' })]);
  }) }));
  assert.deepEqual(reports.map(r => [r.id, r.message]), [
    ['Stage_0_Task_1_0', 'Pipeline should start with a stage that only contains source actions'],
    ['Stage_1_Task_2_0', 'Source actions can only be included in the first stage of the pipeline']
  ]);
});

test('a task inside a stage without a template', async () => {
  const reports = await lint(design({ stages: stages(s => s[1].groups.push([task('Plain', null)])) }));
  assert.equal(reports.length, 1);
  assert.equal(reports[0].rule, 'flowline/action-template');
  assert.equal(reports[0].id, 'Stage_1_Task_2_0');
  assert.match(reports[0].message, /Plain in stage Build has no action template/);
});

test('a missing required configuration key, in the Java validator\'s words', async () => {
  const reports = await lint(design({ stages: stages(s => { s[1].groups[1][0].config = {}; }) }));
  assert.deepEqual(reports.map(r => [r.rule, r.id, r.message]), [['flowline/action-template', 'Stage_1_Task_1_0',
    "Action configuration for action 'Package' is missing required configuration 'ProjectName'"]]);
});

test('an input artifact nobody produces, and one produced later', async () => {
  const reports = await lint(design({ stages: stages(s => {
    s[1].groups[0][0].input = 'Nowhere';
    s[1].groups[0][1].input = 'Pkg';
  }) }));
  assert.deepEqual(reports.map(r => [r.rule, r.id, r.message]), [
    ['flowline/artifacts', 'Stage_1_Task_0_0', "Input artifact 'Nowhere' of action 'Unit' in stage 'Build' is not the "
      + 'output artifact of any action in the pipeline. An input artifact must be the output artifact of an action in '
      + 'an earlier stage, or in the same stage with a lower runOrder.'],
    ['flowline/artifacts', 'Stage_1_Task_0_1', "Input artifact 'Pkg' of action 'Lint' in stage 'Build' is produced by "
      + "action 'Package' in stage 'Build', which does not run before it. An input artifact must be the output "
      + 'artifact of an action in an earlier stage, or in the same stage with a lower runOrder.']
  ]);
});

test('artifact counts of the action type', async () => {
  const reports = await lint(design({ stages: stages(s => { s[1].groups[1][0].input = undefined; }) }));
  assert.deepEqual(reports.map(r => r.message),
    ['Action Package declares 0 input artifacts which is less than the minimum count (1)']);
});

test('stage and action names: AWS pattern and uniqueness', async () => {
  const reports = await lint(design({ stages: stages(s => {
    s[2].name = 'Build';
    s[1].groups[0][1].name = 'Unit';
    s[0].groups[0][0].name = 'no spaces';
  }) }));
  assert.deepEqual(reports.map(r => [r.id, r.message]), [
    ['Stage_0_Task_0_0', `Action name 'no spaces' must be 1 to 100 characters of ${catalog.namePattern}`],
    ['Stage_1_Task_0_1', "Action name 'Unit' is used more than once in stage 'Build'"],
    ['Stage_2', "Stage name 'Build' is used more than once"]
  ].sort((a, b) => a[0].localeCompare(b[0])));
});

test('an exclusive gateway inside a stage is not a pipeline shape', async () => {
  const reports = await lint(design({ stages: stages(s => {
    s[2].raw = { xml: '<bpmn:exclusiveGateway id="Choice" />', after: 'Choice', last: 'Choice' };
  }) }));
  assert.deepEqual([reports[0].rule, reports[0].id], ['flowline/design-shape', 'Choice']);
  assert.match(reports[0].message, /Choice is a ExclusiveGateway: inside a stage only a parallel fork and join pair/);
});

test('a task between two stages', async () => {
  const reports = await lint(design({ stages: validStages(), between: {
    xml: `<bpmn:serviceTask id="Stray" name="Stray" />`, first: 'Stray', last: 'Stray' } }));
  assert.deepEqual([reports[0].rule, reports[0].id], ['flowline/design-shape', 'Stray']);
  assert.match(reports[0].message, /^Stray is between stages: only stages \(expanded sub-processes\) follow one another/);
});

test('a fork whose branches meet at different joins', async () => {
  const xml = design({ stages: validStages() })
    .replace('<bpmn:sequenceFlow id="Stage_1_Flow_5" sourceRef="Stage_1_Task_0_1" targetRef="Stage_1_Join_0" />',
      '<bpmn:sequenceFlow id="Stage_1_Flow_5" sourceRef="Stage_1_Task_0_1" targetRef="Other_Join" /><bpmn:parallelGateway id="Other_Join" />');
  assert.notEqual(xml, design({ stages: validStages() }));
  const reports = await lint(xml);
  const forkJoin = reports.filter(r => r.rule === 'flowline/fork-join');
  assert.deepEqual(forkJoin.map(r => r.id), ['Other_Join']);
  assert.match(forkJoin[0].message, /the branches of the fork Stage_1_Fork_0 meet at different joins/);
});

test('the fixtures file of the docs is valid', async () => {
  assert.deepEqual(await lint(readFileSync(new URL('./fixtures/valid-pipeline.bpmn', import.meta.url), 'utf8')), []);
});
