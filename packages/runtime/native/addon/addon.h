/* berth_runtime.node: the few things the runtime's JavaScript needs from C (see spawn_helper.c
 * and fd_watch.c). */
#ifndef BERTH_RUNTIME_ADDON_H
#define BERTH_RUNTIME_ADDON_H
#include <node_api.h>

#include <errno.h>

napi_value throw_errno(napi_env env, int err, const char *what);
napi_value throw_arg(napi_env env, const char *msg);
napi_value watch_fd(napi_env env, napi_callback_info info);

#endif
