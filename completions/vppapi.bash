# bash completion for vppapi.
#   source <(vppapi completion bash)         # this shell
#   vppapi completion bash > ~/.local/share/bash-completion/completions/vppapi
# Candidates come from `vppapi __complete`, which reads the same definitions as vppapi
# (--api-dir, $VPP_API_DIR, /usr/share/vpp/api, its cache, the built-in set) without
# connecting to VPP. Set VPPAPI_COMPLETE_LIVE=1 to complete interface indexes from the
# running VPP as well.

_vppapi() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local -a args=("${COMP_WORDS[@]:1:COMP_CWORD}")
    local -a live=()
    [[ -n ${VPPAPI_COMPLETE_LIVE:-} ]] && live=(--live)
    local out
    out=$(vppapi __complete --shell bash "${live[@]}" -- "${args[@]}" 2>/dev/null) || return 0
    local -a lines=()
    local IFS=$'\n'
    lines=($out)
    unset IFS
    local n=${#lines[@]} directive=0
    if (( n > 0 )) && [[ ${lines[n-1]} == :* ]]; then
        directive=${lines[n-1]#:}
        unset 'lines[n-1]'
    fi
    if (( directive & 2 )); then
        # File names for what follows an option's `=`: bash passes `=` as a word of its own
        # (COMP_WORDBREAKS), or, when that was taken out of it, as part of the word.
        local word=$cur lead=
        [[ -z ${word//[=:]/} ]] && word=
        if [[ $word == --*=* ]]; then
            lead=${word%%=*}=
            word=${word#*=}
        fi
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$word")
        [[ -n $lead ]] && COMPREPLY=("${COMPREPLY[@]/#/$lead}")
        return 0
    fi
    (( directive & 1 )) && compopt -o nospace 2>/dev/null
    COMPREPLY=("${lines[@]}")
}

complete -F _vppapi vppapi
