/* watchFd(fd, callback) -> { start(events), close() }: calls callback(status, events) from
 * Node's event loop when the fd turns readable (1) or writable (2), through a uv_poll handle.
 * It lets the runtime talk to its helper over a raw socket without loading net (and stream),
 * a few milliseconds of every CLI create. The handle keeps the loop alive while started. */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include "addon.h"

#include <stdlib.h>
#include <uv.h>

struct watch {
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  int closed;
};

static void on_close(uv_handle_t *handle) { free(handle->data); }

static void release(struct watch *w) {
  if (w->closed)
    return;
  w->closed = 1;
  napi_delete_reference(w->env, w->callback);
  napi_async_destroy(w->env, w->context);
  uv_close((uv_handle_t *)&w->poll, on_close);
}

static void on_poll(uv_poll_t *handle, int status, int events) {
  struct watch *w = handle->data;
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value callback, recv, argv[2];
  napi_get_reference_value(env, w->callback, &callback);
  napi_get_global(env, &recv); /* make_callback needs an object receiver */
  napi_create_int32(env, status, &argv[0]);
  napi_create_int32(env, events, &argv[1]);
  /* make_callback (not call_function): promise reactions it schedules run before we return. */
  napi_make_callback(env, w->context, recv, callback, 2, argv, NULL);
  napi_close_handle_scope(env, scope);
}

static struct watch *this_watch(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  void *data = NULL;
  napi_get_cb_info(env, info, argc, argv, &self, NULL);
  napi_value external;
  if (napi_get_named_property(env, self, "_watch", &external) != napi_ok ||
      napi_get_value_external(env, external, &data) != napi_ok)
    return NULL;
  return data;
}

static napi_value watch_start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  struct watch *w = this_watch(env, info, &argc, argv);
  int32_t events;
  if (!w || w->closed || argc != 1 || napi_get_value_int32(env, argv[0], &events) != napi_ok)
    return throw_arg(env, "watch.start(events) on an open watch");
  int rc = uv_poll_start(&w->poll, events & (UV_READABLE | UV_WRITABLE), on_poll);
  if (rc < 0)
    return throw_errno(env, -rc, "watch the init helper's control socket");
  return NULL;
}

static napi_value watch_close(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  struct watch *w = this_watch(env, info, &argc, NULL);
  if (w)
    release(w);
  return NULL;
}

napi_value watch_fd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  napi_valuetype type;
  if (argc != 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0 ||
      napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function)
    return throw_arg(env, "watchFd(fd, callback): fd must be an open fd, callback a function");
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok)
    return throw_errno(env, EINVAL, "find the event loop");
  struct watch *w = calloc(1, sizeof *w);
  if (!w)
    return throw_errno(env, ENOMEM, "watch an fd");
  int rc = uv_poll_init(loop, &w->poll, fd);
  if (rc < 0) {
    free(w);
    return throw_errno(env, -rc, "watch the init helper's control socket");
  }
  w->poll.data = w;
  w->env = env;
  napi_value name, obj, external, fn;
  napi_create_reference(env, argv[1], 1, &w->callback);
  napi_create_string_utf8(env, "berth-init control", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &w->context);
  napi_create_object(env, &obj);
  napi_create_external(env, w, NULL, NULL, &external);
  napi_set_named_property(env, obj, "_watch", external);
  napi_create_function(env, "start", NAPI_AUTO_LENGTH, watch_start, NULL, &fn);
  napi_set_named_property(env, obj, "start", fn);
  napi_create_function(env, "close", NAPI_AUTO_LENGTH, watch_close, NULL, &fn);
  napi_set_named_property(env, obj, "close", fn);
  return obj;
}
