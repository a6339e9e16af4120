using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

public sealed class SegmentationPromptSamplerTests
{
    private static readonly ClipContext Scene = new()
    {
        Frames = 1,
        Height = 1,
        Width = 5,
        Classes = ["background", "person", "animal", "sphere", "person", "box"],
    };

    private static IModalityPromptSampler Sampler(params string[] overrides) =>
        HostFactory.Start(null, overrides).Catalog.All.Get("segmentation").PromptSampler
        ?? throw new InvalidOperationException("segmentation has no prompt sampler");

    private static List<string> Draw(IModalityPromptSampler sampler, int seed, int count = 2000)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => sampler.Choose(Scene, random)).ToList();
    }

    [Fact]
    public void Without_held_out_classes_every_class_and_the_all_instances_prompts_are_drawn()
    {
        var drawn = Draw(Sampler(), seed: 1).ToHashSet();

        Assert.Equal(
            ["instance segmentation", "segment the animals", "segment the boxes", "segment the objects", "segment the persons", "segment the spheres", "segmentation mask"],
            drawn.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Plugins:Settings:Segmentation:HeldOutClasses:0=animal")]
    [InlineData("Plugins:Settings:Segmentation:HeldOutClasses=animals, sphere")]
    public void Held_out_classes_are_never_named(string setting)
    {
        var drawn = Draw(Sampler(setting), seed: 2);

        Assert.DoesNotContain("segment the animals", drawn);
        Assert.Contains("segment the persons", drawn);
        Assert.Contains("segmentation mask", drawn);
        if (setting.Contains("sphere", StringComparison.Ordinal)) Assert.DoesNotContain("segment the spheres", drawn);
        else Assert.Contains("segment the spheres", drawn);
    }

    [Fact]
    public void The_same_seed_draws_the_same_prompts()
    {
        var sampler = Sampler();

        Assert.Equal(Draw(sampler, seed: 7, count: 50), Draw(sampler, seed: 7, count: 50));
        Assert.NotEqual(Draw(sampler, seed: 7, count: 50), Draw(sampler, seed: 8, count: 50));
    }

    [Fact]
    public void Each_drawn_prompt_targets_only_its_class()
    {
        var modality = CodecTestKit.Modality("segmentation");
        var codec = modality.Codec!;
        // One pixel per instance id 1…5 (classes person, animal, sphere, person, box).
        using var ids = torch.tensor(new byte[] { 1, 2, 3, 4, 5 }, [1, 1, 5]);
        foreach (var prompt in Draw(modality.PromptSampler!, seed: 3, count: 40).Distinct())
        {
            var context = Scene with { ModalityPrompt = prompt };
            var slots = CodecTestKit.Values(codec.Decode(codec.Encode(ids, context), context));
            var kept = Enumerable.Range(0, 5).Where(i => slots[i] != 0).Select(i => Scene.Classes[i + 1]).ToList();
            var expected = modality.Prompts.Contains(prompt)
                ? Scene.Classes.Skip(1).ToList()
                : Scene.Classes.Skip(1).Where(c => prompt == $"segment the {(c == "box" ? "boxes" : c + "s")}").ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, kept);
        }
    }
}
