#!/usr/bin/env bash
# The app under test as a Japanese user with a dark desktop theme starts it.
export LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= GTK_THEME=Adwaita:dark
exec "$AWNING_APP_BINARY" "$@"
