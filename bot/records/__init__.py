"""Records of what the bot was asked and how it answered, kept in SQL so that the knowledge can be improved."""
