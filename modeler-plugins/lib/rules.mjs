// bpmnlint rules for the Flowline design shape: each rule reports its share of what readDesign finds, on the
// element it is about. Only processes Flowline treats as pipelines are checked.
import { isPipeline, readDesign } from './design.mjs';

export const RULES = {
  'design-shape': 'start event, stages (expanded sub-processes) in sequence, end event; inside a stage tasks in sequence or parallel groups',
  'fork-join': 'a parallel fork and its join: one task per branch, all branches meeting at one join',
  'action-template': 'every task inside a stage has a Flowline action template, of an action type Flowline runs, with its required configuration',
  names: 'stage and action names: AWS pattern, unique',
  stages: 'at least two stages; source actions only, and all, in the first stage',
  artifacts: 'every input artifact is produced earlier; artifact counts of the action type'
};

const designs = new WeakMap();

function design(process) {
  if (!designs.has(process)) {
    designs.set(process, readDesign(process));
  }
  return designs.get(process);
}

function rule(name) {
  return function() {
    return {
      check(node, reporter) {
        if (!isPipeline(node)) {
          return;
        }
        for (const problem of design(node).problems) {
          if (problem.rule === name) {
            reporter.report(problem.id, problem.message);
          }
        }
      }
    };
  };
}

export const rules = Object.fromEntries(Object.keys(RULES).map(name => [name, rule(name)]));

/** The bpmnlint configuration: every Flowline rule is an error. */
export const config = {
  rules: Object.fromEntries(Object.keys(RULES).map(name => [`flowline/${name}`, 'error']))
};

/** Resolves `flowline/<rule>` (package bpmnlint-plugin-flowline) for bpmnlint's Linter and the Modeler. */
export const resolver = {
  resolveRule(pkg, ruleName) {
    if (pkg === 'bpmnlint-plugin-flowline' && rules[ruleName]) {
      return rules[ruleName];
    }
    throw new Error(`unknown rule <${pkg}/${ruleName}>`);
  },
  resolveConfig(pkg, configName) {
    throw new Error(`unknown config <${pkg}/${configName}>`);
  }
};
