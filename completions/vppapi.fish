# fish completion for vppapi:
#   vppapi completion fish > ~/.config/fish/completions/vppapi.fish
# Candidates come from `vppapi __complete` (same definitions as vppapi, no connection to
# VPP; set VPPAPI_COMPLETE_LIVE=1 to add the running VPP's interfaces).

function __vppapi_complete
    set -l words (commandline -opc)[2..-1]
    set -l current (commandline -ct)
    set -l live
    set -q VPPAPI_COMPLETE_LIVE; and test -n "$VPPAPI_COMPLETE_LIVE"; and set live --live
    set -l lines (vppapi __complete --shell fish $live -- $words $current 2>/dev/null)
    set -l directive 0
    if test (count $lines) -gt 0; and string match -q -- ':*' $lines[-1]
        set directive (string sub -s 2 -- $lines[-1])
        set -e lines[-1]
    end
    if test (math "bitand($directive, 2)") -ne 0
        __fish_complete_path $current
        return
    end
    printf '%s\n' $lines
end

complete -c vppapi -f -a '(__vppapi_complete)'
