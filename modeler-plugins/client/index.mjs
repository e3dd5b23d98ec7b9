// The client part of the plugin: Flowline's lint rules for BPMN diagrams, and the export action.
import { registerClientPlugin, registerPlatformBpmnJSPlugin } from 'camunda-modeler-plugin-helpers';
import { config, resolver } from '../lib/rules.mjs';
import exportModule from './export.mjs';

registerClientPlugin({ config, resolver }, 'lintRules.bpmn');
registerPlatformBpmnJSPlugin(exportModule);
