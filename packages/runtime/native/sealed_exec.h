#ifndef BERTH_SEALED_EXEC_H
#define BERTH_SEALED_EXEC_H
/* Re-executes the helper from a sealed memfd copy unless already running from one, so no
 * process in a container can ever open the helper binary on disk for writing through
 * /proc/<pid>/exe (CVE-2019-5736). */
void ensure_sealed_self(char **argv, char **envp);
#endif
