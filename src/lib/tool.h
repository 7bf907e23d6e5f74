/* tool: what every cxkit main does first. tool_init gives a closed
 * standard descriptor (0, 1, 2) a stand-in that cannot be used (so that a
 * temporary file never becomes "stdin", and a closed stdout is not a
 * write error when the output goes to -o FILE), sets the program name for
 * messages, registers close_stdout, and switches GSL's aborting error
 * handler off (callers check GSL's return codes instead). */
#ifndef CX_TOOL_H
#define CX_TOOL_H

void tool_init(const char *argv0);

#endif
