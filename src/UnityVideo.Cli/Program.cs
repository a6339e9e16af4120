using System.CommandLine;
using UnityVideo.Cli;
using UnityVideo.Cli.Commands;
using UnityVideo.Core.Native;

try
{
    TorchNativeLoader.EnsureLoaded();
}
catch (Exception e)
{
    Console.Error.WriteLine($"error: cannot load the TorchSharp native library: {e.Message}");
    return CliErrors.UserError;
}

var root = new RootCommand("UnityVideo: one diffusion transformer for RGB video and its modalities (depth, flow, skeleton, DensePose, segmentation).");
GlobalOptions.AddTo(root);
root.Add(PluginsCommand.Create());
root.Add(ConfigCommand.Create());
root.Add(DataCommand.Create());
root.Add(ModelCommand.Create());
root.Add(TrainCommand.Create());
root.Add(EstimateCommand.Create());
root.Add(GenerateCommand.Create());
root.Add(EvalCommand.Create());
root.Add(BenchCommand.Create());
root.Add(DemoCommand.Create());
root.Add(AblateCommand.Create());
root.Add(ServeCommand.Create());
var parse = root.Parse(args);
return CliParseErrors.Failed(parse) ? CliParseErrors.Report(parse) : parse.Invoke();
