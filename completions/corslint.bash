# bash completion for corslint (installed as share/bash-completion/completions/corslint).
# Plain compgen, so it works with or without the bash-completion package.
_corslint() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
  local opts="--format --output --config --isolated --select --ignore --fail-on --kind --jobs
    --color --quiet --statistics --verbose --explain-bundles --follow-symlinks --fix --diff --baseline
    --write-baseline --version --help"
  local sub=""
  [ "$COMP_CWORD" -gt 1 ] && sub=${COMP_WORDS[1]}
  case "$sub" in
    rules)
      case "$prev" in
        -f|--format) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")); return ;;
        -o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
      esac
      COMPREPLY=($(compgen -W "--format --output --help" -- "$cur"))
      return ;;
    explain)
      if [ "$COMP_CWORD" -eq 2 ]; then
        local codes
        codes=$(corslint rules 2>/dev/null | awk '{print $1; print $2}')
        COMPREPLY=($(compgen -W "$codes --help" -- "$cur"))
      fi
      return ;;
    init)
      case "$cur" in
        -*) COMPREPLY=($(compgen -W "--force --help" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -d -- "$cur")) ;;
      esac
      return ;;
  esac
  case "$prev" in
    -f|--format) COMPREPLY=($(compgen -W "text json sarif github junit gitlab" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning info never" -- "$cur")); return ;;
    --kind) COMPREPLY=($(compgen -W "policy cors distribution response-headers-policy cache-policy origin-request-policy unknown" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -o|--output|--config|--baseline|--write-baseline) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -j|--jobs|--select|--ignore) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "lint rules explain init" -- "$cur") $(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _corslint corslint
