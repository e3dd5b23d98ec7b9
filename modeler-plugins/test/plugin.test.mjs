// The plugin as the Modeler loads it: the bundle built by `npm run build` registers the lint rules and the
// export module through camunda-modeler-plugin-helpers; the menu entry triggers the export action, which writes
// the CodePipeline JSON of the open diagram.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { BpmnModdle } from 'bpmn-moddle';
import bpmnlint from 'bpmnlint';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { FlowlineExport, ACTION } from '../client/export.mjs';
import { design, validStages } from './fixtures/design.mjs';

const root = new URL('..', import.meta.url);
const require = createRequire(import.meta.url);
const moddle = new BpmnModdle({ camunda });
const valid = readFileSync(new URL('./fixtures/valid-pipeline.bpmn', import.meta.url), 'utf8');
const expectedJson = readFileSync(new URL('./fixtures/valid-pipeline.json', import.meta.url), 'utf8');

test('the built bundle registers the lint rules and the export module, and the rules lint', async () => {
  execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  const window = {};
  vm.runInNewContext(readFileSync(new URL('./dist/client.js', root), 'utf8'), { window, console });
  assert.deepEqual([...window.plugins.map(p => p.type)], ['lintRules.bpmn', 'bpmn.platform.modeler.additionalModules']);
  const { config, resolver } = window.plugins[0].plugin;
  assert.deepEqual(Object.keys(config.rules), ['flowline/design-shape', 'flowline/fork-join', 'flowline/action-template',
    'flowline/names', 'flowline/stages', 'flowline/artifacts']);
  const { rootElement } = await moddle.fromXML(design({ stages: validStages().slice(0, 1) }), 'bpmn:Definitions');
  const reports = await new bpmnlint.Linter({ config, resolver }).lint(rootElement);
  assert.deepEqual(Object.keys(reports), ['flowline/stages']);
  assert.deepEqual([...window.plugins[1].plugin.__init__], ['flowlineExport']);
});

test('the plugin descriptor and the menu entry the Modeler reads', () => {
  const descriptor = require('../index.js');
  assert.equal(descriptor.script, './dist/client.js');
  const emitted = [];
  const entries = require('../menu.js')({ emit: (...args) => emitted.push(args) }, { bpmn: true });
  assert.equal(entries[0].label, 'Export CodePipeline JSON');
  assert.equal(entries[0].enabled(), true);
  entries[0].action();
  assert.deepEqual(emitted, [['menu:action', ACTION]]);
  assert.equal(require('../menu.js')({}, { bpmn: false })[0].enabled(), false);
});

test('the export action writes the CodePipeline JSON of the open diagram', async () => {
  const { rootElement } = await moddle.fromXML(valid, 'bpmn:Definitions');
  const actions = {};
  const fired = [];
  new FlowlineExport({ register: (name, fn) => { actions[name] = fn; } },
    { getRootElement: () => ({ businessObject: rootElement.rootElements[0] }) },
    { fire: (event, payload) => fired.push([event, payload]) });
  const { json, problems } = actions[ACTION]();
  assert.deepEqual(problems, []);
  assert.equal(json, expectedJson, 'test/fixtures/valid-pipeline.json');
  assert.equal(fired[0][0], 'flowline.exported');
  const pipeline = JSON.parse(json).pipeline;
  assert.deepEqual(pipeline.stages.map(s => s.name), ['Source', 'Build', 'Release']);
  assert.deepEqual(pipeline.stages[1].actions.map(a => [a.name, a.runOrder]), [['Unit', 1], ['Lint', 1], ['Package', 2]]);
});
