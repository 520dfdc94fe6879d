/**
 * Workflow command lines read back as GitHub reads them: the shape
 * workflowCommands writes (`::error file=…,line=…,col=…,title=…::message`).
 */

export interface WorkflowCommand {
  level: "error" | "warning" | "notice";
  file: string;
  line: number;
  col: number;
  title: string;
  message: string;
}

/** Property values are escaped (no raw `,` or `:`), the message runs to the end of the line. */
export const WORKFLOW_COMMAND =
  /^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$/;

/** The command on one line, or undefined when the line is not one. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const match = WORKFLOW_COMMAND.exec(line);
  if (!match) return undefined;
  const [, level, file, at, col, title, message] = match as unknown as string[];
  return {
    level: level as WorkflowCommand["level"],
    file: file as string,
    line: Number(at),
    col: Number(col),
    title: title as string,
    message: message as string,
  };
}

/** Every line of a program's output that starts with `::`, parsed; one that is no command throws. */
export function workflowCommandsIn(output: string): WorkflowCommand[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("::"))
    .map((line) => {
      const command = parseWorkflowCommand(line);
      if (!command) throw new Error(`not a workflow command: ${line}`);
      return command;
    });
}
