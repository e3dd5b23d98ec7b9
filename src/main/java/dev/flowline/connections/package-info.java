/**
 * CodeStar connections (PENDING until given a token, then AVAILABLE) and hosts: {@link
 * dev.flowline.connections.ConnectionStore} keeps them, with tokens and webhook secrets encrypted by {@link
 * dev.flowline.connections.TokenCipher}; {@link dev.flowline.connections.ConnectionSources} turns a connection into
 * the git remote a source action fetches from, or into the loud reason it cannot be used. The API's handlers live
 * in {@code dev.flowline.api.connections}, the webhook receiver in {@code dev.flowline.triggers}.
 */
package dev.flowline.connections;
