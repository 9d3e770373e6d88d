/*
 * PLACEHOLDER function-command entry (webpack entry "commands", page commands.html). The real
 * handler runs the recalculation pipeline (SPEC §6.1 ribbon 「再計算」). The action id must match
 * <FunctionName>recalculate</FunctionName> in manifest.xml.
 */
function recalculate(event: Office.AddinCommands.Event): void {
  // Always complete the event, or Office keeps showing the command as busy.
  event.completed();
}

Office.onReady(() => {
  // Nothing to initialise yet.
});

Office.actions.associate('recalculate', recalculate);
