/** CodeStar-style connections (PENDING to AVAILABLE) and credentials for Git providers. */
package dev.flowline.connections;
