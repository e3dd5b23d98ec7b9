/**
 * CodeStar-style connections (PENDING to AVAILABLE) and credentials for Git providers. No issue has asked for
 * them yet; hosted repositories live in {@code dev.flowline.codecommit}.
 */
package dev.flowline.connections;
