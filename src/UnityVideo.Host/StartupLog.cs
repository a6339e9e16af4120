using Microsoft.Extensions.Logging;
using UnityVideo.Core.Native;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Host;

/// <summary>
/// Hands what start-up did to the hosting app's own logging (<see cref="ILogger{TCategoryName}"/>): the native
/// loader's action, every loaded plugin, and every plugin skipped with a warning. Start-up runs before the app's
/// service provider exists, so this is written when the provider first resolves UnityVideo's plugins or modalities.
/// The command line registers no logging provider and prints the same facts itself.
/// </summary>
internal static partial class StartupLog
{
    /// <summary>Writes the start-up facts of <paramref name="startup"/> to <paramref name="loggers"/>, if any.</summary>
    public static void Write(ILoggerFactory? loggers, UnityVideoStartup startup)
    {
        if (loggers is null) return;
        var host = loggers.CreateLogger<UnityVideoStartup>();
        if (TorchNativeLoader.Status is { } native) NativeLoader(host, native.Action, native.Reason, native.LibraryPath ?? "none");
        var plugins = loggers.CreateLogger<PluginCatalog>();
        foreach (var p in startup.Catalog.Plugins)
            PluginLoaded(plugins, p.Manifest.Name, string.Join(", ", p.Modalities.Select(m => m.Name)), p.AssemblyPath);
        foreach (var w in startup.Catalog.Warnings) PluginWarning(plugins, w);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "native loader: {Action} ({Reason}; shim {Library})")]
    private static partial void NativeLoader(ILogger logger, TorchNativeAction action, string reason, string library);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "loaded plugin {Plugin} ({Modalities}) from {Assembly}")]
    private static partial void PluginLoaded(ILogger logger, string plugin, string modalities, string assembly);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void PluginWarning(ILogger logger, string warning);
}
