/* tool: common start-up of every cxkit program. */
#include <config.h>

#include "tool.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>

#include "err.h"

void
tool_init(const char *argv0)
{
    err_init(argv0);
    atexit(close_stdout);
    gsl_set_error_handler_off();
}
