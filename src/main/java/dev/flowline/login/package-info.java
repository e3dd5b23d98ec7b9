/**
 * Throttling of password logins: every surface that checks a Flowline user's password (the Camunda webapps'
 * login, {@code /engine-rest} and {@code /flowline/*} HTTP Basic, git over HTTP) goes through one
 * {@link dev.flowline.login.LoginThrottle}, so failed logins slow the caller down and lock a user only for a
 * while. Pure Java and servlet API: the engine hook that feeds it lives in {@code config/}.
 */
package dev.flowline.login;
