"""Spidermon's actions with our message as their default template (``templates/vnnews/``).

Each class only sets defaults; every ``SPIDERMON_*`` setting of the action still applies (a
``SPIDERMON_*_MESSAGE_TEMPLATE`` replaces our template). One module per channel, so a channel's
client library is imported only when that channel is on. Spidermon finds the templates folder
beside the module that defines an action class.
"""
