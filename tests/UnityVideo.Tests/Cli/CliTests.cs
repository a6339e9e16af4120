using System.Text.Json;

namespace UnityVideo.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public void Plugins_list_json_lists_the_five_modalities_with_channels_and_prompts()
    {
        var r = CliRunner.Run("plugins", "list", "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["densepose", "depth", "flow", "segmentation", "skeleton"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, rows["flow"].GetProperty("channels").GetInt32());
        Assert.Equal("optical flow", rows["flow"].GetProperty("prompts")[0].GetString());
        Assert.False(rows["skeleton"].GetProperty("pixelAligned").GetBoolean());
        Assert.Equal("1.0.0", rows["depth"].GetProperty("version").GetString());
        Assert.True(File.Exists(rows["depth"].GetProperty("assembly").GetString()));
    }

    [Fact]
    public void Plugins_list_works_from_any_working_directory()
    {
        using var dir = new TempDir();
        var r = CliRunner.RunIn(dir.Path, "plugins", "list");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("artifacts/plugins/Depth/UnityVideo.Plugins.Depth.dll", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("skeleton", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_config_file_exits_non_zero_with_every_error_and_no_stack_trace()
    {
        using var dir = new TempDir();
        var path = dir.File("experiment.json");
        File.WriteAllText(path, """{ "Training": { "Steps": -1, "LerningRate": 1 }, "Runtime": { "Device": "tpu" } }""");

        var r = CliRunner.Run("config", "validate", "--config", path);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: Invalid configuration (3 errors):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Training:Steps: must be greater than 0", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Training:LerningRate: unknown key", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Runtime:Device:", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_config_file_is_one_line_naming_it()
    {
        var r = CliRunner.Run("config", "show", "--config", "/no/such/file.json");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: Configuration file not found: /no/such/file.json", r.Stderr.Trim());
    }

    [Fact]
    public void Config_show_prints_the_resolved_values_with_overrides_applied()
    {
        var r = CliRunner.Run("config", "show", "--set", "Training:Steps=123", "--set", "Modalities:Enabled:0=depth");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(123, doc.RootElement.GetProperty("Training").GetProperty("steps").GetInt32());
        Assert.Equal(["depth"], doc.RootElement.GetProperty("Modalities").GetProperty("enabled").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("plugins", "--help")]
    [InlineData("data", "synth", "--help")]
    [InlineData("plugins", "list", "--help")]
    [InlineData("config", "--help")]
    [InlineData("config", "show", "--help")]
    [InlineData("config", "validate", "--help")]
    [InlineData("demo", "--help")]
    public void Every_verb_explains_itself(params string[] args)
    {
        var r = CliRunner.Run(args);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--config", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_verb_fails_with_usage()
    {
        var r = CliRunner.Run("trian");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("trian", r.Stderr, StringComparison.Ordinal);
    }
}
