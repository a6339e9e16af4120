using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host;
using UnityVideo.Host.Configuration;
using UnityVideo.Core.Diffusion;

namespace UnityVideo.Tests.Host;

public sealed class ConfigurationTests
{
    [Fact]
    public void Defaults_are_valid_and_use_the_tiny_preset_and_the_paper_task_mix()
    {
        var s = HostFactory.Start().Settings;

        Assert.Equal("tiny", s.Model.Preset);
        Assert.Equal(["base", "small", "tiny"], s.Model.Presets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(32, s.ModelConfig.Height);
        Assert.True(s.Training.TaskProbabilities.ConditionalGeneration < s.Training.TaskProbabilities.Estimation);
        Assert.True(s.Training.TaskProbabilities.Estimation < s.Training.TaskProbabilities.JointGeneration);
        Assert.Equal(["pixel-aligned", "all"], s.Training.Stages.Select(x => x.Name));
        Assert.Equal("cpu", s.Runtime.Device);
    }

    [Theory]
    [InlineData("tiny", 128, 32)]
    [InlineData("small", 384, 64)]
    [InlineData("base", 768, 128)]
    public void The_model_is_the_chosen_preset_with_the_sections_own_keys_over_it(string name, int width, int height)
    {
        // One clip a batch: the base preset's default batch needs more memory than a CPU machine has (the start-up check).
        var s = HostFactory.Start(null, $"Model:Preset={name}", "Training:BatchSize=1").Settings;

        // Sizes come from the preset; the switches beyond the paper from Model:*, which the defaults turn on so that
        // flow estimation reads the frames (frame pairs, aligned fusion, motion energy), and data prediction.
        Assert.Equal((width, height), (s.ModelConfig.HiddenSize, s.ModelConfig.Height));
        Assert.Equal((2, true, true, Core.Model.DiTConfig.DataPredictionName), (s.ModelConfig.PatchFrames, s.ModelConfig.AlignedFusion, s.ModelConfig.MotionEnergy, s.ModelConfig.Prediction));
        var preset = s.Model.Presets[name];
        Assert.Equal((preset.Depth, preset.Heads, preset.TextBuckets), (s.ModelConfig.Depth, s.ModelConfig.Heads, s.ModelConfig.TextBuckets));
    }

    [Fact]
    public void A_model_key_set_beside_the_preset_applies_over_it_and_is_checked_at_its_own_key()
    {
        var s = HostFactory.Start(null, "Model:HiddenSize=96", "Model:ModalitySwitcher=false").Settings;
        Assert.Equal((96, 4, false), (s.ModelConfig.HiddenSize, s.ModelConfig.Depth, s.ModelConfig.ModalitySwitcher));

        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(null, "Model:HiddenSize=102"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("Model:Presets:tiny:Heads", error.Key);   // the preset's Heads no longer divides the width set beside it
        Assert.Contains("must divide HiddenSize (102)", error.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(null, "Model:HiddenSise=100"));
        Assert.Equal("Model:HiddenSise", Assert.Single(unknown.Errors).Key);
    }

    [Theory]
    [InlineData("Data:Workers=4")]
    [InlineData("Data:Prefetch=8")]
    public void Data_settings_that_nothing_reads_are_refused_rather_than_silently_ignored(string setting)
    {
        // Clip loading has one setting (Data:CacheMegabytes); worker and prefetch counts were
        // accepted once but changed nothing, so a user tuning them was misled.
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(null, setting));
        var error = Assert.Single(e.Errors);
        Assert.Equal(setting[..setting.IndexOf('=', StringComparison.Ordinal)], error.Key);
        Assert.Contains("CacheMegabytes", error.Message, StringComparison.Ordinal);   // the known keys are listed
    }

    [Fact]
    public void The_tiny_preset_uses_the_small_text_encoder()
    {
        var c = HostFactory.Start().Settings.ModelConfig;

        Assert.Equal((128, 2, 4096), (c.TextDim, c.TextLayers, c.TextBuckets));
    }

    [Fact]
    public void A_preset_whose_head_width_cannot_carry_rotary_positions_is_reported_with_its_key()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(null, "Model:Presets:tiny:Heads=32", "Model:Presets:tiny:TextHeads=3"));

        Assert.Contains(e.Errors, x => x.Key == "Model:Presets:tiny:Heads" && x.Message.Contains("HiddenSize / Heads = 4 must be even and at least 6", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "Model:Presets:tiny:TextHeads" && x.Message.Contains("must divide TextDim (128)", StringComparison.Ordinal));
    }

    [Fact]
    public void Later_layers_win_and_an_experiment_array_replaces_the_default_array()
    {
        var s = HostFactory.Start(
            """{ "Training": { "Steps": 40, "BatchSize": 2, "Stages": [ { "Name": "only", "Modalities": [ "depth" ] } ] } }""",
            "Training:Steps=60").Settings;

        Assert.Equal(60, s.Training.Steps);          // command line over file
        Assert.Equal(2, s.Training.BatchSize);       // file over defaults
        Assert.Equal(0.001, s.Training.LearningRate); // default kept
        Assert.Equal(["only"], s.Training.Stages.Select(x => x.Name)); // not merged with the default's second stage
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_key()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start("""
            {
              "Training": { "LerningRate": 0.1, "Steps": 0, "BatchSize": "many",
                            "TaskProbabilities": { "ConditionalGeneration": 0.5, "Estimation": 0.5, "JointGeneration": 0.5 } },
              "Sampling": { "Sampler": "ddim" },
              "Model": { "Preset": "huge" },
              "Runtime": { "Device": "gpu" },
              "Modalities": { "Enabled": [ "normals" ] },
              "Trainng": { }
            }
            """));

        var keys = e.Errors.Select(x => x.Key).ToList();
        Assert.Contains("Training:LerningRate", keys);
        Assert.Contains("Training:Steps", keys);
        Assert.Contains("Training:BatchSize", keys);
        Assert.Contains("Training:TaskProbabilities", keys);
        Assert.Contains("Sampling:Sampler", keys);
        Assert.Contains("Model:Preset", keys);
        Assert.Contains("Runtime:Device", keys);
        Assert.Contains("Modalities:Enabled:0", keys);
        Assert.Contains("Trainng", keys);
        Assert.Equal(9, e.Errors.Count);
        Assert.Contains("Training:BatchSize: 'many' is not a valid whole number (set in experiment.json)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sampling:Sampler: 'ddim' is not one of: Euler, Heun", e.Message, StringComparison.Ordinal);
        Assert.Contains("must sum to 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("available: densepose, depth, flow, segmentation, skeleton", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Curriculum_stage_problems_name_the_stage()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(
            """{ "Training": { "Stages": [ { "Name": "a", "Modalities": [ "depth" ] }, { "Name": "b", "Fraction": 2, "Modalities": [ ] } ] } }"""));

        var keys = e.Errors.Select(x => x.Key).ToList();
        Assert.Contains("Training:Stages:0:Steps", keys);     // a non-final stage needs a length
        Assert.Contains("Training:Stages:1:Fraction", keys);
        Assert.Contains("Training:Stages:1:Modalities", keys);
    }

    [Fact]
    public void Preset_sizes_are_checked_per_preset()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(
            """{ "Model": { "Presets": { "tiny": { "Heads": 5, "Height": 30 } } } }"""));

        Assert.Contains(e.Errors, x => x.Key == "Model:Presets:tiny:Heads" && x.Message.Contains("must divide HiddenSize (128)", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Key == "Model:Presets:tiny:Height" && x.Message.Contains("multiple of PatchSize (4)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_config_file_is_one_error_naming_it()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => JsonConfigurationFlattener.FromFile("/no/such/experiment.json"));
        Assert.Equal("Configuration file not found: /no/such/experiment.json", e.Message);
    }

    [Fact]
    public void A_config_file_that_is_not_json_names_the_file_and_line()
    {
        using var dir = new TempDir();
        var path = dir.File("experiment.json");
        File.WriteAllText(path, "{\n  \"Training\": {\n    \"Steps\": 10,,\n  }\n}");

        var e = Assert.Throws<UnityVideoConfigurationException>(() => JsonConfigurationFlattener.FromFile(path));
        Assert.StartsWith($"Configuration file {path} is not valid JSON at line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_set_twice_in_a_config_file_is_an_error_naming_the_key_and_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("experiment.json");
        File.WriteAllText(path, """{ "Training": { "Steps": 10, "Stages": [ { "Name": "a", "Name": "b" } ] } }""");

        var e = Assert.Throws<UnityVideoConfigurationException>(() => JsonConfigurationFlattener.FromFile(path));

        Assert.Equal($"Configuration file {path} sets 'Training:Stages:0:Name' more than once; keep one (configuration keys ignore case).", e.Message);
    }

    [Fact]
    public void Keys_that_differ_only_in_case_are_the_same_key()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() =>
            JsonConfigurationFlattener.FromText("""{ "Training": { "Steps": 10 }, "training": { "BatchSize": 2 } }""", "experiment.json"));

        Assert.Contains("experiment.json sets 'training' more than once", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_defaults_set_every_key_once()
    {
        using var stream = typeof(UnityVideoConfiguration).Assembly.GetManifestResourceStream("UnityVideo.Host.unityvideo.defaults.json")!;
        var text = new StreamReader(stream).ReadToEnd();

        var layer = JsonConfigurationFlattener.FromText(text, "built-in defaults"); // throws on a key set twice
        Assert.Equal(layer.Values.Count, UnityVideoConfiguration.Defaults().Values.Count);
        var doubled = text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, " \"Runtime\": {}, \"runtime\": {},");
        Assert.Throws<UnityVideoConfigurationException>(() => JsonConfigurationFlattener.FromText(doubled, "built-in defaults"));
    }

    [Fact]
    public void The_hosting_entry_point_replaces_a_default_array_as_the_command_line_does()
    {
        var app = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Training:Stages:0:Name"] = "only", ["Training:Stages:0:Modalities:0"] = "depth", // what an app's JSON "Stages": [ … ] becomes
        }).Build();

        using var provider = new ServiceCollection().AddUnityVideo(app).BuildServiceProvider();

        var stages = provider.GetRequiredService<UnityVideoSettings>().Training.Stages;
        Assert.Equal(["only"], stages.Select(x => x.Name));                 // not merged with the default's second stage
        Assert.Equal(["depth"], Assert.Single(stages).Modalities);
        Assert.True(UnityVideoConfiguration.Defaults().Values.ContainsKey("Training:Stages:1:Name")); // there was one to drop
    }

    [Fact]
    public void A_config_file_whose_top_level_is_not_an_object_is_rejected()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => JsonConfigurationFlattener.FromText("[1, 2]", "list.json"));
        Assert.Contains("list.json must contain a JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_override_says_what_form_is_expected()
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() =>
            UnityVideoConfiguration.Build(new ConfigurationSources { Overrides = ["Training:Steps"], IncludeEnvironment = false, AppSettingsDirectory = null }));
        Assert.Contains("is not of the form Section:Key=value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_apply_in_generic_host_order()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("appsettings.json"), """{ "Sampling": { "Steps": 11, "Seed": 1 }, "Training": { "Seed": 1 } }""");
        File.WriteAllText(dir.File("experiment.json"), """{ "Sampling": { "Steps": 22 }, "Training": { "Seed": 2 } }""");

        var layered = UnityVideoConfiguration.Build(new ConfigurationSources
        {
            AppSettingsDirectory = dir.Path,
            ConfigFile = dir.File("experiment.json"),
            Overrides = ["Training:Seed=3"],
            IncludeEnvironment = false,
        });
        var s = UnityVideoSettings.Load(layered.Configuration, layered.SourceOf);

        Assert.Equal(1, s.Sampling.Seed);   // appsettings over defaults
        Assert.Equal(22, s.Sampling.Steps); // --config over appsettings
        Assert.Equal(3, s.Training.Seed);   // --set over everything
        Assert.Equal(dir.File("experiment.json"), layered.SourceOf("Sampling:Steps"));
        Assert.Equal(SamplerKind.Euler, s.Sampling.Sampler);
    }
}

[CollectionDefinition(nameof(EnvironmentVariableTests), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentVariableTests))]
public sealed class EnvironmentVariableTests
{
    [Fact]
    public void Environment_variables_override_the_file_and_lose_to_the_command_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("experiment.json"), """{ "Sampling": { "CfgScale": 2.0, "Shift": 2.0 } }""");
        Environment.SetEnvironmentVariable("UNITYVIDEO__Sampling__CfgScale", "3.5");
        Environment.SetEnvironmentVariable("UNITYVIDEO__Sampling__Shift", "4.0");
        try
        {
            var layered = UnityVideoConfiguration.Build(new ConfigurationSources
            {
                ConfigFile = dir.File("experiment.json"),
                Overrides = ["Sampling:Shift=5"],
                AppSettingsDirectory = null,
            });
            var s = UnityVideoSettings.Load(layered.Configuration, layered.SourceOf);

            Assert.Equal(3.5, s.Sampling.CfgScale);
            Assert.Equal(5.0, s.Sampling.Shift);
            Assert.Equal("environment", layered.SourceOf("Sampling:CfgScale"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("UNITYVIDEO__Sampling__CfgScale", null);
            Environment.SetEnvironmentVariable("UNITYVIDEO__Sampling__Shift", null);
        }
    }
}
