/* tmpname: the names of cxkit's temporary outputs, and their removal.
 * A file or folder being written for NAME in folder DIR is first made as
 * DIR/.NAME.cx-tmp.PID (hidden, owner-only while written), then renamed.
 * A run killed with SIGKILL leaves that name behind; the next run that
 * writes NAME in DIR removes every such leftover whose PID is no longer
 * a running process (tmp_clean), and only those: another run's output in
 * progress is left alone. SIGINT, SIGTERM and SIGHUP remove the
 * temporaries registered with tmp_register before the process ends.
 * Strings returned are the caller's to free. */
#ifndef CX_TMPNAME_H
#define CX_TMPNAME_H

/* dir "" or NULL is the current folder. */
char *tmp_path(const char *dir, const char *name);
/* Removes dead runs' DIR/.NAME.cx-tmp.PID: files, and folders holding
 * only files. */
void tmp_clean(const char *dir, const char *name);
/* Removes path (a file, or a folder holding only files) when it exists. */
void tmp_clean_path(const char *path);
/* The folder part and the last part of path ("a/b/c" gives "a/b" and "c";
 * "c" gives "" and "c"). */
char *path_dir(const char *path);
char *path_base(const char *path);
/* Removal on SIGINT, SIGTERM, SIGHUP: path is a temporary file, or a
 * folder whose files are removed first (folder true). path stays owned by
 * the caller until tmp_unregister. */
void tmp_register(const char *path, int folder);
void tmp_unregister(const char *path);

#endif
