/* tool: what every cxkit main does first. tool_init sets the program name
 * for messages, registers close_stdout, and switches GSL's aborting error
 * handler off (callers check GSL's return codes instead). */
#ifndef CX_TOOL_H
#define CX_TOOL_H

void tool_init(const char *argv0);

#endif
