package dev.ragservice.ports.plugin;

/** A setting is missing or malformed; the message names the environment variable to fix. */
public class PluginConfigException extends RuntimeException {

    public PluginConfigException(String message) {
        super(message);
    }
}
