/** Running user commands in a shell with a deadline and no leftovers; shared by the Commands and CodeBuild actions. */
package dev.flowline.actions.shell;
