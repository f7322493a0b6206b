# bash completion for berth, the docker-compatible Berth CLI.
# Install: source this file, or copy it to /usr/share/bash-completion/completions/berth
# (`berth completion bash` prints it). Candidates come from berth itself (`berth __complete`),
# so commands, flags and container/image/network/volume names always match the installed CLI
# and the running engine.

_berth() {
  local cur words cword
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    # Keep "busybox:latest" and "ctr:/path" as one word.
    _get_comp_words_by_ref -n : cur words cword
  else
    cur="${COMP_WORDS[COMP_CWORD]}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi

  local IFS=$'\n'
  local candidates
  candidates="$("${words[0]}" __complete "${words[@]:1:cword}" 2>/dev/null)"
  if [[ "$candidates" == "__files__" ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  fi
  if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
    __ltrim_colon_completions "$cur"
  fi
}

complete -o default -F _berth berth
