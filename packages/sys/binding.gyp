{
  'targets': [
    {
      'target_name': 'berth_sys',
      'sources': [
        'native/addon.cc',
        'native/args.cc',
        'native/errors.cc',
        'native/fd.cc',
        'native/fd_passing.cc',
        'native/files.cc',
        'native/loop_callback.cc',
        'native/mount.cc',
        'native/poller.cc',
        'native/process.cc',
        'native/pty.cc',
        'native/signal_watcher.cc',
        'native/unix_socket.cc',
      ],
      'dependencies': ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      'defines': ['NAPI_VERSION=8', '_GNU_SOURCE'],
      'cflags_cc': ['-std=c++17', '-Wall', '-Wextra'],
    },
  ],
}
