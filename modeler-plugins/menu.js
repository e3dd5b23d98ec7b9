// Plugins > Flowline pipelines > Export CodePipeline JSON: asks the open BPMN editor to run the action that
// client/export.mjs registers.
module.exports = function(electronApp, menuState) {
  return [
    {
      label: 'Export CodePipeline JSON',
      accelerator: 'CommandOrControl+Shift+J',
      enabled: function() {
        return menuState.bpmn;
      },
      action: function() {
        electronApp.emit('menu:action', 'flowline.exportCodePipelineJson');
      }
    }
  ];
};
