import Foundation
import Testing

/// Shell completion completes file paths where a command takes one (once it
/// completed subcommands and enum values only): bash runs the generated
/// script as it would at a prompt, and zsh's and fish's scripts name files.
@Suite struct CompletionTests {
    /// What bash offers after `words` (the last one being typed).
    func bash(_ words: [String]) throws -> [String] {
        let script = TestSupport.tempDir().appendingPathComponent("rubric.bash")
        TestSupport.write(TestSupport.rubric(["--generate-completion-script", "bash"]).stdout, to: script)
        let line = (["rubric"] + words).joined(separator: " ")
        let quoted = (["rubric"] + words).map { "'\($0)'" }.joined(separator: " ")
        let run = TestSupport.run("/bin/bash", ["-c", """
            source '\(script.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _rubric rubric '\(words.last!)' '\(words.count > 1 ? words[words.count - 2] : "rubric")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesEventsRulesRostersAndOutputs() throws {
        #expect(try bash(["eval", "examples/ev"]).sorted() == ["examples/events-2024.csv", "examples/events-2024.jsonl"])
        #expect(try bash(["eval", "--roster", "examples/ro"]) == ["examples/roster.txt"])
        #expect(try bash(["lint", "rules/work"]) == ["rules/work-style-2024.yaml"])
        #expect(try bash(["report", "--output", "examples/ro"]) == ["examples/roster.txt"])
        #expect(try bash(["show", "--output", "READ"]) == ["README.md"])
    }

    @Test func zshAndFishNameFiles() {
        let zsh = TestSupport.rubric(["--generate-completion-script", "zsh"]).stdout
        #expect(zsh.contains("_files -g '\\''*.jsonl *.csv *.txt'\\''") && zsh.contains("_files -g '\\''*.yaml *.yml'\\''"))
        let fish = TestSupport.rubric(["--generate-completion-script", "fish"]).stdout
        #expect(fish.contains("-l 'roster' -d 'The units to score: one a line, or CSV with a `unit` column.' -rfa '(set -l exts \\'txt\\' \\'csv\\';"))
    }
}
