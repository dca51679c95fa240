"""The command line: options, prompts and exit codes; everything else lives below it."""

from leerlog import i18n, settings

# The language may come from the config file, and the command line is what reads the config: it
# tells the translations how, before any command module translates its help texts.
i18n.read_config_with(settings.configured_language)
