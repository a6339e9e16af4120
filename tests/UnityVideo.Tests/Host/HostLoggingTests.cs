using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnityVideo.Core.Modalities;
using UnityVideo.Host;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Tests.Host;

/// <summary>An app that hosts UnityVideo sees what start-up did through its own logging.</summary>
public sealed class HostLoggingTests
{
    [Fact]
    public void A_hosting_app_receives_a_skipped_plugins_warning_through_its_own_logger()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.TestPlugin("Throwing"), dir.Path);
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plugins:IncludeDefaultDirectory"] = "false",
            ["Plugins:Directories:0"] = dir.Path,
            ["Plugins:OnError"] = "Skip",
        }).Build();
        var captured = new CapturingProvider();

        using var provider = new ServiceCollection()
            .AddLogging(b => b.AddProvider(captured))
            .AddUnityVideo(configuration)
            .BuildServiceProvider();
        Assert.Equal(["normals"], provider.GetRequiredService<ModalityRegistry>().Names);

        var warning = Assert.Single(captured.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(typeof(PluginCatalog).FullName, warning.Category);
        Assert.Contains("plugin 'Throwing' failed in Register", warning.Message, StringComparison.Ordinal);
        Assert.Contains(captured.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("loaded plugin Normals (normals)", StringComparison.Ordinal));
        Assert.Contains(captured.Entries, e => e.Category == typeof(UnityVideoStartup).FullName && e.Message.StartsWith("native loader:", StringComparison.Ordinal));

        provider.GetRequiredService<PluginCatalog>();
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Warning);   // written once, not per resolution
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    private sealed class CapturingProvider : ILoggerProvider
    {
        private readonly List<Entry> entries = [];

        public IReadOnlyList<Entry> Entries
        {
            get { lock (entries) return [.. entries]; }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, CapturingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.entries) owner.entries.Add(new Entry(category, logLevel, formatter(state, exception)));
            }
        }
    }
}
