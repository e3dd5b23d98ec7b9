// Camunda Modeler plugin descriptor (loaded by the Modeler from its resources/plugins folder).
module.exports = {
  name: 'Flowline pipelines',
  script: './dist/client.js',
  menu: './menu.js'
};
