/** Flowline's own pages, if and when an issue asks for them. Empty so far. */
package dev.flowline.web;
