#!/usr/bin/env bash
# Builds the Teams app package: manifest.json (with the ids filled in), color.png and outline.png, at the
# root of a zip that Teams accepts under Apps > Manage your apps > Upload an app.
#
#   deploy/teams/package.sh <bot-app-id> [out-dir]
#   BOT_ID=<bot-app-id> deploy/teams/package.sh
#
# <bot-app-id>  the bot's Microsoft App ID: the app registration's client id (SingleTenant), or the
#               user-assigned managed identity's client id (UserAssignedMSI). The Bicep outputs it as appId.
# TEAMS_APP_ID  the Teams app's own id (a GUID); defaults to the bot's app id. Keep it the same across
#               versions of the package, or Teams sees a different app.
# out-dir/OUT_DIR  where the zip goes; defaults to deploy/teams/out/.
# WEBSITE_URL, PRIVACY_URL, TERMS_URL  replace the example.com placeholders of the developer section.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'

bot_id="${1:-${BOT_ID:-}}"
out_dir="${2:-${OUT_DIR:-$here/out}}"
teams_app_id="${TEAMS_APP_ID:-$bot_id}"

if [[ -z "$bot_id" ]]; then
  echo "usage: $0 <bot-app-id> [out-dir]   (or set BOT_ID)" >&2
  exit 2
fi
if [[ ! "$bot_id" =~ $guid ]]; then
  echo "The bot's app id must be a GUID such as 00000000-0000-0000-0000-000000000000, not '$bot_id'." >&2
  exit 2
fi
if [[ ! "$teams_app_id" =~ $guid ]]; then
  echo "TEAMS_APP_ID must be a GUID, not '$teams_app_id'." >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Escapes a value for the replacement side of a sed s||| command.
escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

substitutions=(
  -e 's|\${{BOT_ID}}|'"$bot_id"'|g'
  -e 's|\${{TEAMS_APP_ID}}|'"$teams_app_id"'|g'
)
if [[ -n "${WEBSITE_URL:-}" ]]; then
  substitutions+=(-e 's|"websiteUrl": "[^"]*"|"websiteUrl": "'"$(escape "$WEBSITE_URL")"'"|')
fi
if [[ -n "${PRIVACY_URL:-}" ]]; then
  substitutions+=(-e 's|"privacyUrl": "[^"]*"|"privacyUrl": "'"$(escape "$PRIVACY_URL")"'"|')
fi
if [[ -n "${TERMS_URL:-}" ]]; then
  substitutions+=(-e 's|"termsOfUseUrl": "[^"]*"|"termsOfUseUrl": "'"$(escape "$TERMS_URL")"'"|')
fi
sed "${substitutions[@]}" "$here/manifest.json" > "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"

if grep -q '\${{' "$work/manifest.json"; then
  echo "manifest.json still holds placeholders after substitution:" >&2
  grep -n '\${{' "$work/manifest.json" >&2
  exit 1
fi
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$work/manifest.json" > /dev/null
fi
if grep -q 'example\.com/replace-me' "$work/manifest.json"; then
  echo "note: the developer URLs are still example.com placeholders; set WEBSITE_URL, PRIVACY_URL and TERMS_URL" \
       "(or edit deploy/teams/manifest.json) before you publish the app beyond your own tenant." >&2
fi

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
zip_path="$out_dir/japan-russia-bot.zip"
rm -f "$zip_path"
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -q -X "$zip_path" manifest.json color.png outline.png)
elif command -v python3 >/dev/null 2>&1; then
  # zipfile -c stores each named file under its base name, so all three land at the zip's root.
  python3 -m zipfile -c "$zip_path" "$work/manifest.json" "$work/color.png" "$work/outline.png"
else
  echo "Neither zip nor python3 is installed; one of them is needed to build the package." >&2
  exit 1
fi

echo "$zip_path"
