using IpcBench.Orchestration;
using IpcBench.Results;
using Spectre.Console;

namespace IpcBench.Cli.Rendering;

/// <summary>
/// A progress bar on an interactive terminal (on standard error, so standard output stays the
/// tables); one line per finished cell otherwise, which is what a CI log wants.
/// </summary>
internal sealed class RunProgress : IRunProgress, IDisposable
{
    readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    readonly bool _interactive;
    int _total, _done;
    ProgressTask? _task;
    Task? _render;
    readonly TaskCompletionSource _finished = new();

    public RunProgress() => _interactive = _console.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;

    public void Planned(int cells)
    {
        _total = cells;
        if (!_interactive) return;
        var ready = new TaskCompletionSource();
        _render = _console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                _task = ctx.AddTask("starting", maxValue: cells);
                ready.SetResult();
                await _finished.Task.ConfigureAwait(false);
            });
        ready.Task.Wait();
    }

    public void CellStarted(string label)
    {
        if (_task is not null) _task.Description = Markup.Escape(label);
    }

    public void CellFinished(string label, CellResult result)
    {
        _done++;
        if (_task is not null)
        {
            _task.Increment(1);
            if (result.Status == CellStatus.Failed)
                _console.MarkupLine($"[red]failed[/] {Markup.Escape(label)}: {Markup.Escape(result.Reason ?? "")}");
            return;
        }
        var status = result.Status switch
        {
            CellStatus.Ok => "ok",
            CellStatus.Failed => "FAILED: " + result.Reason,
            _ => "skipped: " + result.Reason,
        };
        Console.Error.WriteLine($"[{_done}/{_total}] {label}: {status}");
    }

    public void Dispose()
    {
        _finished.TrySetResult();
        _render?.Wait();
    }
}
