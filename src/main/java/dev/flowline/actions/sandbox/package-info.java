/** The sandbox (bubblewrap) in which every user command runs: a non-root user, its own mounts, processes and limits. */
package dev.flowline.actions.sandbox;
