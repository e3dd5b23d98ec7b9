/** Spring wiring: properties ({@code flowline.*}), security, and the Camunda engine configuration. */
package dev.flowline.config;
