namespace UnityVideo.Tests.Cli;

/// <summary>Plugins load only from trusted places: never from an artifacts/plugins folder in the working directory.</summary>
public sealed class PluginTrustTests
{
    [Fact]
    public void A_plugin_folder_in_the_working_directory_is_not_loaded_and_the_list_says_where_each_plugin_came_from()
    {
        using var dir = new TempDir();
        var planted = Directory.CreateDirectory(Path.Combine(dir.Path, "artifacts", "plugins")).FullName;
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), planted); // what a downloaded folder could ship

        var r = CliRunner.RunIn(dir.Path, "plugins", "list");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("UnityVideo.Samples.Normals", r.Stdout, StringComparison.Ordinal); // its assembly is not listed
        Assert.Contains("depth", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("(bundled, beside the executable)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_plugin_folder_is_loaded_and_shown_with_its_key()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path);

        var r = CliRunner.Run("plugins", "list", "--set", $"Plugins:Directories:0={dir.Path}");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("normals", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("(from Plugins:Directories:0)", r.Stdout, StringComparison.Ordinal);
    }
}
