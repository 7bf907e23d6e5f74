/* runtool: running the other cxkit tools from a tool that orchestrates
 * them (cx-weekly). The tools are found beside the running executable
 * (/proc/self/exe: the installed bindir, or bin/ in a build tree), never
 * through PATH, so a cron job with an empty environment finds them. Other
 * programs (Graphviz dot) are found through PATH, or the system default
 * path when PATH is unset. Strings returned belong to the module. */
#ifndef CX_RUNTOOL_H
#define CX_RUNTOOL_H

#include <stdbool.h>

/* The folder of the running executable; dies with status 1 when it cannot
 * be read. */
const char *tool_dir(void);
/* True when the cxkit tool name is an executable beside this one. */
bool tool_exists(const char *name);

/* Where a child's streams go: a descriptor, or -1 for /dev/null (stdin,
 * stdout) and for this process's own stderr. cwd NULL: the current one. */
struct run_io {
    const char *cwd;
    int out_fd;
    int err_fd;
};

/* Runs the cxkit tool name (beside this executable) with args (NULL-
 * terminated, without the program name) and waits for it. Returns its exit
 * status, 128 + N when killed by signal N, and 127 when it could not be
 * started (the reason is written to err_fd). */
int run_tool(const char *name, char *const *args, const struct run_io *io);
/* The same for a program found through PATH (or the default path). */
int run_program(const char *name, char *const *args, const struct run_io *io);

#endif
